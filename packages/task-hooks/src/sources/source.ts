import type { SubmitResult, TaskEvent, TaskRow, TaskThresholds } from '../core/types';

/** What a subscription reports besides row hints. */
export type ConnectionState = 'connecting' | 'realtime' | 'polling' | 'offline';

/** What `TaskSource.subscribe` calls: row hints and the push channel's state. */
export interface SubscribeHandlers {
  /**
   * A hint that these tasks may have changed. The hooks refetch them: an event is never taken as
   * the truth, because realtime payloads can be partial, late or lost. A payload row, when there is
   * one, is never used: the refetched row is.
   * `'all'` asks for a refetch of everything watched (after a (re)subscribe, a gap, a wake-up).
   */
  onHint(taskIds: readonly string[] | 'all'): void;
  /** The push channel's state changed. While it is not `realtime`, the hooks poll at the base rate. */
  onConnection(state: ConnectionState, error?: Error): void;
}

/**
 * The one small interface every transport implements (supabase, http, memory).
 * All reads are batched: the hooks coalesce every watched id of a tick into one `fetchTasks`.
 * Every method rejects only with `TaskError`.
 *
 * Rows, events and thresholds are checked where they are read: a source returns what
 * `parseTaskRow` / `parseTaskEvent` / `parseThresholds` (from `/core`) made of the wire data, and
 * throws their `protocol` error when it is malformed. The built-in sources do; the hooks trust
 * what a source returns and do not check it a second time.
 */
export interface TaskSource {
  /** A name for devtools and logs: `supabase`, `http`, `memory`. */
  readonly kind: string;
  /**
   * Fetch many rows in one request. Ids the caller may not see, or that do not exist, are simply
   * absent from the result (the hooks turn absence into `not_found`).
   */
  fetchTasks(ids: readonly string[], signal?: AbortSignal): Promise<TaskRow[]>;
  /** The caller's active (pending or processing) task of a type, or null. */
  fetchActiveTask(type: string, signal?: AbortSignal): Promise<TaskRow | null>;
  /**
   * The caller's tasks, newest first; `limit` an integer from 1 to 1000 (default 50), else
   * `invalid_id` (the same in every built-in source and the HTTP routes).
   */
  listTasks(options?: { type?: string; limit?: number }, signal?: AbortSignal): Promise<TaskRow[]>;
  /** A task's audit trail, oldest first; `not_found` when the task is missing or not the caller's. */
  fetchEvents(id: string, signal?: AbortSignal): Promise<TaskEvent[]>;
  /**
   * Per-type thresholds from the database; types without a row are absent, and so are types whose
   * row is malformed (the built-in sources leave those out, warning in development, rather than
   * fail the read: every other type would then be judged on the seed defaults). The hooks read
   * them at start, again at most once per safety poll interval (30 s), and after a `retry` the
   * server refused with `illegal_state`, so keep it cheap.
   */
  fetchThresholds(signal?: AbortSignal): Promise<Record<string, TaskThresholds>>;
  /** The server's clock (epoch ms), sampled as close to the response as the transport allows. */
  serverTime(signal?: AbortSignal): Promise<number>;
  /**
   * A new task of `type` (`created: true`); for an exclusive type with a healthy active task, that
   * task (`created: false`). The caller's stale active task of the type is reaped first (`reapedTaskId`).
   */
  submit(type: string, payload: unknown): Promise<SubmitResult>;
  /** Pending → cancelled at once; processing → cancel requested. Idempotent. Returns the row after. */
  cancel(id: string): Promise<TaskRow>;
  /**
   * A new task retrying a failed, cancelled or stuck one (`created: true`). Idempotent per task: a
   * task retried before answers with its newest retry (`created: false`); retry that one to run again.
   */
  retry(id: string): Promise<SubmitResult>;
  /**
   * Optional push channel for every task of the signed-in user (one channel per user, never one per
   * task). The hooks call it once per source and share it, ref-counted, between every watcher, and
   * refetch the watched ids it hints at. Returns the unsubscribe function.
   */
  subscribe?(handlers: SubscribeHandlers): () => void;
}
