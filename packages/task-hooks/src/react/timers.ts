/**
 * One timer for many deadlines: every hook's "health changes at T" is registered here and a
 * single `setTimeout` waits for the earliest, so a page of a hundred tasks holds one timer.
 */
export interface Alarm {
  /**
   * Calls `fire` at local time `at` (epoch ms), as the local clock reads now: a later jump of it
   * does not move the deadline. Returns the function that cancels it.
   */
  at(at: number, fire: () => void): () => void;
  /** How many deadlines are waiting. */
  readonly size: number;
}

/**
 * One interval shared by every hook that shows a live elapsed time, so a hundred cards re-render
 * in one batch per second instead of a hundred timers drifting apart.
 */
export interface Ticker {
  readonly intervalMs: number;
  /** A counter that changes at every tick (the value `useSyncExternalStore` reads). */
  getSnapshot: () => number;
  subscribe: (listener: () => void) => () => void;
}

// Closures rather than classes: their state is local variables, which minify to one letter.

/**
 * The `setTimeout` delay to local time `at`, capped at the largest it takes (2^31 - 1 ms, 24.8
 * days): a longer one overflows and fires at once, and a timer that re-arms when it fires early
 * would then run every millisecond. Capped, it fires early once in 24.8 days and re-arms.
 */
export const delayUntil = (at: number, now = Date.now()): number => Math.min(2 ** 31 - 1, Math.max(0, at - now));

export function createAlarm(): Alarm {
  // Deadlines are kept on the monotonic clock, which `setTimeout` counts on too: kept on the local
  // clock, one would be an hour away once the clock is set back an hour, and a hook that renders
  // only for it (a stuck verdict with polls that bring the same row) would wait that hour.
  const entries = new Set<{ at: number; fire: () => void }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor = Infinity;
  const arm = () => {
    clearTimeout(timer);
    armedFor = Math.min(...[...entries].map((e) => e.at));
    timer = armedFor < Infinity ? setTimeout(ring, delayUntil(armedFor, performance.now())) : undefined;
  };
  const ring = () => {
    const now = performance.now();
    const due = [...entries].filter((e) => e.at <= now);
    due.forEach((e) => entries.delete(e));
    arm();
    due.forEach((e) => e.fire());
  };
  return {
    at(at, fire) {
      const entry = { at: at - Date.now() + performance.now(), fire };
      entries.add(entry);
      if (entry.at < armedFor) arm();
      return () => {
        entries.delete(entry);
        if (entries.size === 0) arm();
      };
    },
    get size() {
      return entries.size;
    },
  };
}

/** A ticker of `intervalMs`; 0 or less never ticks. The interval runs only while someone listens. */
export function createTicker(intervalMs: number): Ticker {
  const ticks = createCounter((bump) => {
    const timer = setInterval(bump, intervalMs);
    return () => clearInterval(timer);
  });
  return {
    intervalMs,
    getSnapshot: ticks.get,
    subscribe: intervalMs > 0 ? ticks.subscribe : () => () => {},
  };
}

export interface Counter {
  get: () => number;
  subscribe: (listener: () => void) => () => void;
  bump: () => void;
}

/**
 * A number that only goes up, with listeners: a store for `useSyncExternalStore` that `bump` moves.
 * `whileListened` starts what moves it (a timer) when the first listener comes and returns what
 * stops it, called when the last one leaves, so nothing runs for nobody.
 */
export function createCounter(whileListened?: (bump: () => void) => () => void): Counter {
  let count = 0;
  let stop: (() => void) | undefined;
  const listeners = new Set<() => void>();
  const bump = () => {
    count += 1;
    listeners.forEach((l) => l());
  };
  return {
    get: () => count,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      stop ??= whileListened?.(bump);
      return () => {
        if (listeners.delete(listener) && listeners.size === 0) {
          stop?.();
          stop = undefined;
        }
      };
    },
    bump,
  };
}
