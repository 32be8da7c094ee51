import type { QueryClient } from '@tanstack/react-query';
import { ClockOffset } from '../core/clock';
import { isTaskError } from '../core/errors';
import { DEFAULT_POLL_POLICY, backoffDelay, type PollPolicy } from '../core/poll-policy';
import { isActiveStatus } from '../core/status';
import type { ThresholdsByType } from '../core/thresholds';
import type { TaskRow } from '../core/types';
import type { ConnectionState, TaskSource } from '../sources/source';
import { TaskBatcher } from './batcher';
import { isOnline, listenBrowser } from './browser';
import { taskKeys } from '../query/keys';
import { isTaskKey, isWantedTask } from './row-query';
import { Alarm } from './alarm';
import { Ticker } from './ticker';
import { WatchRegistry, type WatchRequest } from './watch-registry';

export type { WatchRequest } from './watch-registry';

export interface TaskClientOptions {
  policy?: Partial<PollPolicy>;
  /** App-wide threshold overrides (`default` and per type). */
  thresholds?: ThresholdsByType;
  batchWindowMs?: number;
  /** How often `elapsedMs` ticks for active tasks; 0 turns ticking off. @default 1000 */
  elapsedTickMs?: number;
  /** Randomness of the backoff jitter (tests make it deterministic). @default Math.random */
  random?: () => number;
}

/** The shared state hooks read with `useSyncExternalStore`. */
export interface ClientSnapshot {
  connection: ConnectionState;
  /** True once the server clock offset was measured; health is only judged after that. */
  clockReady: boolean;
  offsetMs: number;
  /** Per-type thresholds from `source.fetchThresholds()` ({} until loaded). */
  sourceThresholds: ThresholdsByType;
}

const CLOCK_SAMPLES = 3;

/**
 * One per source and `QueryClient`: the batcher, the poll scheduler shared by every hook (one
 * `fetchTasks` per tick for all watched ids), the ref-counted realtime subscription, the clock
 * offset, the source thresholds and the browser listeners. Resources live only while at least
 * one hook watches; the last unwatch releases every timer, channel and listener. `TaskProvider`
 * creates it; use it directly only to build your own hook.
 * @example
 * const { client } = useTaskContext();
 * const stop = client.watch(id, { realtime: true }); // later: stop()
 */
export class TaskClient {
  readonly clock = new ClockOffset();
  readonly policy: PollPolicy;
  readonly batcher: TaskBatcher;
  readonly ticker: Ticker;
  /** One timer for every hook's next health change. */
  readonly alarm = new Alarm();
  #watch = new WatchRegistry((id) => this.queryClient.getQueryData<TaskRow | null>(taskKeys.task(id)));
  #listeners = new Set<() => void>();
  #snapshot: ClientSnapshot;
  #failures = 0;
  #backoffUntil = 0;
  #networkDown = false;
  #browserOffline = false;
  #channel: ConnectionState | null = null;
  #realtimeWatchers = 0;
  #closeChannel: (() => void) | null = null;
  #stopBrowser: (() => void) | null = null;
  #stopCache: (() => void) | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #rescheduleQueued = false;
  #clockPromise: Promise<void> | null = null;
  #thresholdsLoaded = false;
  #seenActive = new Set<string>();
  #refetchAfterFlight = new Set<string>();

  constructor(
    readonly source: TaskSource,
    readonly queryClient: QueryClient,
    readonly options: TaskClientOptions = {},
  ) {
    const p = options.policy ?? {};
    this.policy = {
      baseIntervalMs: p.baseIntervalMs ?? DEFAULT_POLL_POLICY.baseIntervalMs,
      safetyIntervalMs: p.safetyIntervalMs ?? DEFAULT_POLL_POLICY.safetyIntervalMs,
      maxBackoffMs: p.maxBackoffMs ?? DEFAULT_POLL_POLICY.maxBackoffMs,
    };
    this.batcher = new TaskBatcher((ids) => this.#fetchBatch(ids), { windowMs: options.batchWindowMs });
    this.ticker = new Ticker(options.elapsedTickMs ?? 1_000);
    this.#snapshot = { connection: 'polling', clockReady: false, offsetMs: 0, sourceThresholds: {} };
  }

  // ---- external store ----

  getSnapshot = (): ClientSnapshot => this.#snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };

  #emit(patch: Partial<ClientSnapshot> = {}): void {
    const connection: ConnectionState =
      this.#browserOffline || this.#networkDown ? 'offline' : this.#channel ?? 'polling';
    const next = { ...this.#snapshot, ...patch, connection, clockReady: this.clock.ready, offsetMs: this.clock.offsetMs };
    const prev = this.#snapshot;
    if ((Object.keys(next) as Array<keyof ClientSnapshot>).every((key) => next[key] === prev[key])) return;
    this.#snapshot = next;
    this.#listeners.forEach((l) => l());
  }

  // ---- loading ----

  /** The row of one task, fetched together with every other id asked for in the same tick. */
  load(id: string): Promise<TaskRow | null> {
    return this.batcher.load(id);
  }

  async #fetchBatch(ids: string[]): Promise<TaskRow[]> {
    try {
      return await this.#fetchBatchOnce(ids);
    } finally {
      this.#flushRefetchAfterFlight();
    }
  }

  async #fetchBatchOnce(ids: string[]): Promise<TaskRow[]> {
    try {
      const rows = await this.source.fetchTasks(ids);
      const now = Date.now();
      this.#watch.fetched(ids, now);
      this.#failures = 0;
      this.#networkDown = false;
      this.#emit();
      if (!this.clock.ready) void this.measureClock();
      return rows;
    } catch (error) {
      this.#failures += 1;
      this.#backoffUntil = Date.now() + backoffDelay(this.#failures, this.policy, this.options.random);
      this.#networkDown = isTaskError(error) && error.code === 'network';
      this.#emit();
      throw error;
    }
  }

  /**
   * Refetches the watched ids among `ids` ('all': every watched id still worth fetching).
   * A hint means "the row changed after you last asked". A fetch already in flight may have read
   * the row before that change, so it is not enough to join it; cancelling it is no better (with
   * changes arriving faster than a slow server answers, no fetch would ever finish). So an id
   * named by a hint whose fetch is in flight is marked, and fetched once more as soon as that
   * fetch settles. A resync of 'all' (after a (re)subscribe, a wake-up) joins fetches in flight:
   * those were sent at the same moment, for the same reason.
   */
  refetch(ids: Iterable<string> | 'all'): Promise<void> {
    const wanted = new Set(ids === 'all' ? this.#watch.ids().filter((id) => !this.#watch.isTerminal(id)) : ids);
    const inFlight = ids === 'all' ? [] : this.queryClient.getQueryCache().findAll({ fetchStatus: 'fetching', predicate: isWantedTask(wanted) });
    for (const query of inFlight) {
      const id = query.queryKey[2] as string;
      wanted.delete(id);
      this.#refetchAfterFlight.add(id);
    }
    if (wanted.size === 0) return Promise.resolve();
    return this.queryClient
      .refetchQueries({ type: 'active', predicate: isWantedTask(wanted) }, { cancelRefetch: false, throwOnError: false })
      .finally(() => this.reschedule());
  }

  /** After a batch settles: fetch again the ids that were hinted while it was in flight. */
  #flushRefetchAfterFlight(): void {
    if (this.#refetchAfterFlight.size === 0) return;
    // A macrotask later, when the settled batch has reached every query and they are idle again.
    setTimeout(() => {
      const ids = [...this.#refetchAfterFlight];
      this.#refetchAfterFlight.clear();
      void this.refetch(ids);
    }, 0);
  }

  // ---- watching ----

  /** Registers one hook's interest in `id`; returns the function that ends it. */
  watch(id: string, request: WatchRequest): () => void {
    this.#watch.add(id, request);
    this.#start();
    if (request.realtime && this.source.subscribe && ++this.#realtimeWatchers === 1) this.#openChannel();
    this.reschedule();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.#watch.remove(id, request);
      if (request.realtime && this.source.subscribe) this.#realtimeWatchers -= 1;
      // Released a microtask later: a StrictMode remount or a retarget re-watches at once and
      // keeps the channel instead of closing and reopening it.
      void Promise.resolve().then(() => this.#releaseIfIdle());
    };
  }

  get watchedIds(): string[] {
    return this.#watch.ids();
  }

  /** Attaches the shared listeners once (idempotent: a StrictMode remount finds them attached). */
  #start(): void {
    if (this.#stopBrowser) return;
    this.#browserOffline = !isOnline();
    this.#stopBrowser = listenBrowser({
      onVisible: () => {
        void this.refetch('all');
        void this.measureClock(1);
      },
      onOnline: () => {
        this.#browserOffline = false;
        this.#failures = 0;
        this.#emit();
        void this.refetch('all');
      },
      onOffline: () => {
        this.#browserOffline = true;
        this.#emit();
      },
    });
    this.#stopCache = this.queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || !isTaskKey(event.query.queryKey)) return;
      const id = event.query.queryKey[2];
      const data = event.query.state.data as TaskRow | null | undefined;
      this.#noteTransition(data);
      if (!this.#watch.has(id)) return;
      this.#watch.rowChanged(id, data, event.query.state.dataUpdatedAt);
      this.reschedule();
    });
    if (!this.clock.ready) void this.measureClock();
    if (!this.#thresholdsLoaded) void this.#loadThresholds();
    this.#emit();
  }

  /** A task seen active and now terminal frees its type's slot: `useActiveTask` should know. */
  #noteTransition(row: TaskRow | null | undefined): void {
    if (!row) return;
    if (isActiveStatus(row.status)) this.#seenActive.add(row.id);
    else if (this.#seenActive.delete(row.id)) {
      void this.queryClient.invalidateQueries({ queryKey: taskKeys.active(row.type) });
    }
  }

  #releaseIfIdle(): void {
    if (this.#realtimeWatchers === 0 && this.#closeChannel) {
      this.#closeChannel();
      this.#closeChannel = null;
      this.#channel = null;
      this.#emit();
    }
    if (this.#watch.size > 0) return this.reschedule();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#stopBrowser?.();
    this.#stopBrowser = null;
    this.#stopCache?.();
    this.#stopCache = null;
  }

  #openChannel(): void {
    if (this.#closeChannel || !this.source.subscribe) return;
    this.#channel = 'connecting';
    this.#closeChannel = this.source.subscribe({
      onHint: (ids) => void this.refetch(ids),
      onConnection: (state) => {
        const wasRealtime = this.#channel === 'realtime';
        this.#channel = state;
        this.#emit();
        if (state === 'realtime' && !wasRealtime) void this.refetch('all');
        this.reschedule();
      },
    });
    this.#emit();
  }

  // ---- scheduling ----

  #intervalFor(id: string): number {
    return this.#watch.intervalFor(id, this.policy, this.#channel === 'realtime' && !this.#networkDown);
  }

  #dueAt(id: string): number {
    return this.#watch.dueAt(id, this.#intervalFor(id));
  }

  /** Re-plans the one poll timer soon (coalesces the many reasons to re-plan in one tick). */
  reschedule(): void {
    if (this.#rescheduleQueued) return;
    this.#rescheduleQueued = true;
    void Promise.resolve().then(() => {
      this.#rescheduleQueued = false;
      this.#plan();
    });
  }

  #plan(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const ids = this.#watch.pollableIds();
    if (ids.length === 0) return;
    const next = this.#failures > 0 ? this.#backoffUntil : Math.min(...ids.map((id) => this.#dueAt(id)));
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, next - Date.now()));
  }

  #tick(): void {
    this.#timer = null;
    const now = Date.now();
    // Ids due within half an interval join this tick, so hooks mounted at different moments
    // fall into step and share one request.
    const due = this.#watch.pollableIds().filter((id) => this.#failures > 0 || this.#dueAt(id) - this.#intervalFor(id) / 2 <= now);
    if (due.length === 0) return this.#plan();
    void this.refetch(due);
  }

  // ---- server facts ----

  /** Samples the server clock `samples` times (three at start, so one bad sample is outvoted). */
  measureClock(samples = CLOCK_SAMPLES): Promise<void> {
    if (this.#clockPromise) return this.#clockPromise;
    this.#clockPromise = (async () => {
      try {
        for (let i = 0; i < samples; i += 1) await this.clock.measure(() => this.source.serverTime());
      } catch {
        // No sample this time: health stays "ok" rather than guessing; the next fetch retries.
      } finally {
        this.#clockPromise = null;
        this.#emit();
      }
    })();
    return this.#clockPromise;
  }

  async #loadThresholds(): Promise<void> {
    try {
      const sourceThresholds = await this.source.fetchThresholds();
      this.#thresholdsLoaded = true;
      this.#emit({ sourceThresholds });
    } catch {
      // Defaults (and app overrides) stay in force; thresholds are retried at the next start.
    }
  }
}
