import { TaskError, assertTaskId } from '../core/errors';
import { DEFAULT_THRESHOLDS } from '../core/thresholds';
import type { SubmitResult, TaskEvent, TaskRow } from '../core/types';
import type { SubscribeHandlers, TaskSource } from '../sources/source';
import { thresholdsByType } from '../sources/thresholds-by-type';
import { checkListLimit } from '../sources/list-limit';
import { MemoryStore, storedRow } from './memory-store';
import type { MemoryTaskType, ReapCounts, WorkerAnswer } from './memory-types';
import { refuseUnstorable } from './postgres-values';

/** Options of {@link createMemorySource}. */
export interface MemorySourceOptions {
  /**
   * Registered task types. When omitted, every type is accepted with the seed defaults; when
   * given, other types are refused with `unknown_type`, like the database does.
   * @default undefined (any type, seed thresholds, not exclusive, 64 KiB payloads)
   */
  types?: Record<string, Partial<MemoryTaskType>>;
  /** The signed-in user's id. @default '00000000-0000-4000-8000-0000000000aa' */
  userId?: string;
  /**
   * The clock the server reads before skew is added (works with fake timers).
   * @default Date.now
   */
  now?: () => number;
  /** Server clock minus the client's clock, in ms (`+3_600_000`: the client is an hour slow). @default 0 */
  skewMs?: number;
  /** Simulated round trip of every client call, split around the server's work. @default 0 */
  latencyMs?: number;
  /** Offer `subscribe` (a realtime channel). @default true */
  realtime?: boolean;
  /** Rows to start with. @default [] */
  tasks?: TaskRow[];
}

/** What `stats` counts, for tests and benchmarks. */
export interface MemorySourceStats {
  calls: Record<string, number>;
  /** The ids of every `fetchTasks` call, in order. */
  fetchBatches: string[][];
}

/** A complete `TaskSource` kept in memory, with the knobs tests need. */
export interface MemorySource extends TaskSource {
  readonly kind: 'memory';
  readonly store: MemoryStore;
  readonly stats: MemorySourceStats;
  /** Open `subscribe` channels right now. */
  readonly subscriberCount: number;
  /** Simulated calls still waiting on their latency timer. */
  readonly pendingCalls: number;
  /** The server's clock now: `now()` plus the skew (what `serverTime()` reads, without the latency). */
  serverNow(): number;
  /** Changes `skewMs` (server clock minus the client's). */
  setSkew(ms: number): void;
  /** Changes `latencyMs` (a call already waiting keeps its current timer). */
  setLatency(ms: number): void;
  /** The next `count` client calls fail with a `TaskError` of this code. */
  failNext(count?: number, code?: 'network' | 'server'): void;
  /** While offline every call fails with `network` and the channel reports `offline`. */
  setOffline(offline: boolean): void;
  /** Take the realtime channel down (`polling`, hints lost) or bring it back (`realtime` + a full hint). */
  setRealtime(up: boolean): void;
  /** Empties `stats` (calls and `fetchTasks` batches). */
  resetStats(): void;
  /** Inserts or replaces a row as-is (a copy of it: later changes to `row` do not reach the store), e.g. a back-dated one. */
  putTask(row: TaskRow): void;
  /** Any user's row, as a copy: change it and `putTask` it to change the store. */
  getTask(id: string): TaskRow | undefined;
  /**
   * Applies the reaper rules now (`reap_stuck_tasks`). Nothing reaps on its own: a stuck task stays
   * active (its health says `stuck`) until this runs, so call it where pg_cron would, every minute.
   */
  reap(): ReapCounts;
  /**
   * The service-role RPCs a worker calls; synchronous, no latency, no simulated failures. They throw
   * the `TaskError` the SQL function raises (`not_found`, `invalid_id`, `payload_too_large`).
   */
  readonly worker: {
    claim(taskId?: string | null, type?: string | null): TaskRow | null;
    heartbeat(taskId: string, attempt: number, progress?: number | null, message?: string | null): WorkerAnswer;
    complete(taskId: string, attempt: number, result?: unknown): WorkerAnswer;
    fail(taskId: string, attempt: number, code?: string, message?: string | null): WorkerAnswer;
    ackCancel(taskId: string, attempt: number): WorkerAnswer;
  };
  /** Listen to every row change (the simulated worker uses it). Returns the unsubscribe function. */
  onRowChange(listener: (id: string) => void): () => void;
}

/**
 * The supabase source's check of a `type` argument (the http routes make the same one), then the
 * database's: a NUL character in it is refused as in any text argument or filter (22021,
 * `invalid_id`), before the type is looked up, so never `unknown_type` nor an empty answer.
 */
const checkType = (type: unknown): string => {
  if (typeof type !== 'string' || type === '') throw new TaskError('unknown_type', `Task type must be a non-empty string, got ${JSON.stringify(type)}`);
  refuseUnstorable(type, 'text');
  return type;
};

const aborted = () => new TaskError('network', 'network: request aborted');

/**
 * What a client gets is a copy, as over a network: never the stored row, which a test (or a hook)
 * could otherwise change in place. A JSON round trip, like the wire's, rather than
 * `structuredClone`, which jsdom windows (Jest's and Vitest's jsdom environments) do not define.
 */
const overTheWire = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/**
 * Waits `ms` of (fake) time; an abort rejects at once and clears the timer, as an aborted fetch
 * does, so a cancelled read neither lingers as a pending timer nor resolves after its caller left.
 */
const after = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    if (!(ms > 0)) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * An in-memory `TaskSource` with the contract's semantics (exclusive submit with stale reaping,
 * cancel, retry, audit trail, thresholds, server time) plus knobs for tests: skewed server
 * clock, latency, failures, offline, realtime up/down. Deterministic ids; works under fake timers.
 * @example
 * const source = createMemorySource({ types: { export: { exclusive: true } } });
 * const { task } = await source.submit('export', { rows: 10 });
 * createSimulatedWorker(source, { taskId: task.id, scenario: 'succeed' });
 */
export function createMemorySource(options: MemorySourceOptions = {}): MemorySource {
  const clock = options.now ?? (() => Date.now());
  let skew = options.skewMs ?? 0;
  let latency = options.latencyMs ?? 0;
  let failures: Array<'network' | 'server'> = [];
  let offline = false;
  let realtimeUp = true;
  let pending = 0;
  const subscribers = new Set<SubscribeHandlers>();
  const rowListeners = new Set<(id: string) => void>();
  const stats: MemorySourceStats = { calls: {}, fetchBatches: [] };
  const serverNow = () => clock() + skew;

  const types = options.types
    ? Object.fromEntries(Object.entries(options.types).map(([k, v]) => [k, { ...DEFAULT_THRESHOLDS, exclusive: false, maxPayloadBytes: 65_536, ...v }]))
    : null;
  const notify = (id: string) => {
    for (const listener of [...rowListeners]) listener(id);
    if (!realtimeUp || offline) return;
    // Hints arrive after the write's transaction, never inside the caller's stack.
    void Promise.resolve().then(() => subscribers.forEach((s) => s.onHint([id])));
  };
  const store = new MemoryStore(options.userId ?? '00000000-0000-4000-8000-0000000000aa', types, serverNow, notify);
  // Copies in and out, as over the wire: a test's fixture or a row it read, changed later, must
  // not change the store behind the fence and without a hint.
  for (const row of (options.tasks ?? []).map((r) => storedRow(overTheWire(r)))) store.rows.set(row.id, row);

  /** One client call: half the latency, the server's work, the other half. */
  async function call<T>(name: string, work: () => T, signal?: AbortSignal): Promise<T> {
    stats.calls[name] = (stats.calls[name] ?? 0) + 1;
    pending += 1;
    try {
      await after(latency / 2, signal);
      const failure = offline ? 'network' : failures.shift();
      if (failure) throw new TaskError(failure, `${failure}: simulated failure of ${name}`);
      const result = work();
      await after(latency / 2, signal);
      return overTheWire(result);
    } finally {
      pending -= 1;
    }
  }

  const broadcast = (fn: (s: SubscribeHandlers) => void) => [...subscribers].forEach(fn);

  const source: MemorySource = {
    kind: 'memory',
    store,
    stats,
    get subscriberCount() {
      return subscribers.size;
    },
    get pendingCalls() {
      return pending;
    },
    fetchTasks(ids, signal) {
      stats.fetchBatches.push([...ids]);
      return call('fetchTasks', () => {
        ids.forEach((id) => assertTaskId(id));
        // `where id in (...)`: each row once, however many times (or in whatever case) it is named.
        return [...new Set(ids.map((id) => store.own(id)))].filter((r): r is TaskRow => r !== undefined);
      }, signal);
    },
    fetchActiveTask: (type, signal) => call('fetchActiveTask', () => store.active(checkType(type)), signal),
    listTasks: (opts = {}, signal) =>
      call('listTasks', () => {
        const limit = checkListLimit(opts.limit ?? 50);
        if (opts.type !== undefined) checkType(opts.type);
        return [...store.rows.values()]
          .filter((r) => r.user_id === store.userId && (!opts.type || r.type === opts.type))
          // Reversed first, so rows of the same millisecond (fake timers) list the later inserted
          // first, as the database's microsecond clock would order them.
          .reverse()
          .sort((a, b) => b.created_at.localeCompare(a.created_at))
          .slice(0, limit);
      }, signal),
    fetchEvents: (id, signal) =>
      call('fetchEvents', (): TaskEvent[] => {
        const { id: taskId } = store.get(id);
        return store.events.filter((e) => e.task_id === taskId);
      }, signal),
    // Checked as the other sources check what they read: a malformed type (a NaN given in `types`) is left out.
    fetchThresholds: (signal) => call('fetchThresholds', () => thresholdsByType('memory', Object.entries(store.thresholds())), signal),
    serverTime: (signal) => call('serverTime', serverNow, signal),
    submit: (type, payload): Promise<SubmitResult> => call('submit', () => store.submit(checkType(type), payload)),
    cancel: (id) => call('cancel', () => store.cancel(id)),
    retry: (id) => call('retry', () => store.retry(id)),
    serverNow,
    setSkew: (ms) => void (skew = ms),
    setLatency: (ms) => void (latency = ms),
    failNext: (count = 1, code = 'network') => void (failures = [...failures, ...Array<'network' | 'server'>(count).fill(code)]),
    setOffline(value) {
      if (offline === value) return;
      offline = value;
      broadcast((s) => s.onConnection(value ? 'offline' : realtimeUp ? 'realtime' : 'polling'));
      if (!value && realtimeUp) broadcast((s) => s.onHint('all'));
    },
    setRealtime(up) {
      if (realtimeUp === up) return;
      realtimeUp = up;
      if (offline) return;
      broadcast((s) => s.onConnection(up ? 'realtime' : 'polling'));
      if (up) broadcast((s) => s.onHint('all'));
    },
    resetStats() {
      stats.calls = {};
      stats.fetchBatches = [];
    },
    putTask: (row) => store.put(overTheWire(row)),
    getTask: (id) => overTheWire(store.find(id)),
    reap: () => store.reap(),
    worker: {
      claim: (taskId = null, type = null) => overTheWire(store.claim(taskId, type)),
      heartbeat: (id, attempt, progress, message) => store.heartbeat(id, attempt, progress, message),
      complete: (id, attempt, result = null) => store.complete(id, attempt, result),
      fail: (id, attempt, code = 'worker_error', message = null) => store.fail(id, attempt, code, message),
      ackCancel: (id, attempt) => store.ackCancel(id, attempt),
    },
    onRowChange(listener) {
      rowListeners.add(listener);
      return () => void rowListeners.delete(listener);
    },
  };

  if (options.realtime !== false) {
    source.subscribe = (handlers) => {
      subscribers.add(handlers);
      handlers.onConnection('connecting');
      let open = true;
      // The channel joins asynchronously; after joining, a full hint covers the subscribe gap.
      void Promise.resolve().then(() => {
        if (!open) return;
        handlers.onConnection(offline ? 'offline' : realtimeUp ? 'realtime' : 'polling');
        if (!offline && realtimeUp) handlers.onHint('all');
      });
      return () => {
        open = false;
        subscribers.delete(handlers);
      };
    };
  }
  return source;
}
