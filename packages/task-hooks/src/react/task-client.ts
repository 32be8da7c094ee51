import type { QueryClient } from '@tanstack/react-query';
import type { ClockOffset } from '../core/clock';
import type { PollPolicy } from '../core/poll-policy';
import type { ThresholdsByType } from '../core/thresholds';
import type { TaskRow } from '../core/types';
import type { ConnectionState, TaskSource } from '../sources/source';
import type { TaskBatcher } from './batcher';
import type { Alarm, Counter, Ticker } from './timers';

/** Options of {@link createTaskClient} (`TaskProvider` passes its props through). */
export interface TaskClientOptions {
  /**
   * Poll intervals and backoff cap in ms; one that is not a finite number above 0 keeps its default,
   * one of 2 ** 31 or more is cut to 2 ** 31 - 1 (about 24.8 days, the longest a timer takes).
   * @default DEFAULT_POLL_POLICY (2000, 30000, 30000)
   */
  policy?: Partial<PollPolicy>;
  /** How long the batcher gathers ids before one `fetchTasks`; 0 gathers those of the current tick. @default 0 */
  batchWindowMs?: number;
  /** How often `elapsedMs` ticks for active tasks; 0 turns ticking off (NaN, negative, 2 ** 31 and above: the default). @default 1000 */
  elapsedTickMs?: number;
  /** Randomness of the backoff jitter (tests make it deterministic). @default Math.random */
  random?: () => number;
  /**
   * How long past the read it rests on a verdict that time alone made worse is trusted unconfirmed
   * (see `TaskProviderProps.verifyWindowMs`); 0 judges from the cached row alone; NaN, negative,
   * 2 ** 31 and above keep the default. `createTaskClient` stores it resolved in `client.options`. @default 500
   */
  verifyWindowMs?: number;
}

/** The shared state hooks read with `useSyncExternalStore`. */
export interface ClientSnapshot {
  connection: ConnectionState;
  /**
   * True once the server clock offset was measured and the source's thresholds were loaded (or
   * failed to); health is only judged after that.
   */
  clockReady: boolean;
  offsetMs: number;
  /**
   * Per-type thresholds from `source.fetchThresholds()` ({} until loaded); read again at a task
   * read once the safety interval has passed since the last read of them, and after
   * `expireThresholds`.
   */
  sourceThresholds: ThresholdsByType;
  /**
   * When the device came back online (TanStack's `onlineManager`) or the local clock was last seen
   * to jump (a wake from sleep), on the server clock as estimated for this snapshot; `Infinity`
   * while it is offline, null if neither happened (or the jump came while reads were failing).
   * Health is held at the last read until a window after it. On the server clock, not the local
   * one: a render between a jump of the local clock and the next snapshot would read a local time
   * in the new timeline (set back an hour, a moment long past would be an hour ahead: a hold).
   */
  resumedAt: number | null;
}

/** What one watcher (one mounted hook) asks for. */
export interface WatchRequest {
  pollIntervalMs?: number;
  realtime: boolean;
}

/**
 * One per source and `QueryClient`: the batcher, the poll scheduler shared by every hook (one
 * `fetchTasks` per tick for all watched ids), the ref-counted realtime subscription, the clock
 * offset, the source thresholds and the browser listeners. Resources live only while at least
 * one hook watches; the last unwatch releases every timer, channel and listener. `TaskProvider`
 * creates it (`createTaskClient`); use it directly only to build your own hook.
 * @example
 * const { client } = useTaskContext();
 * const stop = client.watch(id, { realtime: true }); // later: stop()
 */
export interface TaskClient {
  readonly source: TaskSource;
  readonly queryClient: QueryClient;
  readonly options: TaskClientOptions;
  readonly clock: ClockOffset;
  readonly policy: PollPolicy;
  readonly batcher: TaskBatcher;
  /** One interval for every hook's live elapsed time. */
  readonly ticker: Ticker;
  /** One timer for every hook's next health change. */
  readonly alarm: Alarm;
  getSnapshot(): ClientSnapshot;
  subscribe(listener: () => void): () => void;
  /** Moves whenever a read's row reaches the cache (see `readSentAt`). */
  readonly reads: Counter;
  /**
   * Local time (epoch ms) at which the read that produced `id`'s cached row was sent; undefined
   * for a row no read of this client brought (hydrated from the server, set by an action).
   */
  readSentAt(id: string): number | undefined;
  /**
   * Asks for a read of `id` sent at or after server time `since` (a threshold just crossed),
   * unless one is already queued, in flight or in: many hooks asking for it send one request.
   */
  verify(id: string, since: number): void;
  /** The row of one task, fetched together with every other id asked for in the same tick. */
  load(id: string): Promise<TaskRow | null>;
  /**
   * Refetches the watched ids among `ids` ('all': every watched id still worth fetching).
   * A hint means "the row changed after you last asked". A fetch already sent may have read
   * the row before that change, so it is not enough to join it; cancelling it is no better (with
   * changes arriving faster than a slow server answers, no fetch would ever finish). So an id
   * named by a hint whose fetch was sent is marked, and fetched once more as soon as that fetch
   * settles; one still gathered in the batcher (not sent yet) is joined. The same goes for a
   * resync of 'all' (after a (re)subscribe, a wake-up): a read sent before a channel joined may
   * have missed a change that no event announced.
   */
  refetch(ids: Iterable<string> | 'all'): Promise<void>;
  /** Registers one hook's interest in `id`; returns the function that ends it. */
  watch(id: string, request: WatchRequest): () => void;
  /** The ids watched now. */
  watchedIds(): string[];
  /** Re-plans the one poll timer soon (coalesces the many reasons to re-plan in one tick). */
  reschedule(): void;
  /** Samples the server clock `samples` times (three at start, so one bad sample is outvoted). @default 3 */
  measureClock(samples?: number): Promise<void>;
  /**
   * Has the source's thresholds read again after the next task read, however recently they were
   * read (the server refused a `retry` with `illegal_state`: ours may be older than its).
   */
  expireThresholds(): void;
}
