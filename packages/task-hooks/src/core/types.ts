/**
 * The task row contract, as the database stores it (see examples/supabase/migrations).
 * Timestamps are ISO-8601 strings written by the database clock, never by a client.
 */

/** Every status the contract defines. */
export const TASK_STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled'] as const;

/** One of {@link TASK_STATUSES}: `pending`, `processing`, `completed`, `failed`, `cancelled`. */
export type KnownTaskStatus = (typeof TASK_STATUSES)[number];

/**
 * A status as read from the wire. `parseTaskRow` keeps a status this client does not know as it
 * is, rather than crashing a client that is older than its database; `classifyStatus` and the
 * hooks show it as `unknown`.
 */
export type TaskStatus = KnownTaskStatus;

/** Statuses after which nothing about the task changes again. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

/** Statuses a worker or the reaper may still move on. */
export const ACTIVE_STATUSES: ReadonlySet<string> = new Set(['pending', 'processing']);

/** Why a task failed or was cancelled; open-ended so workers may add their own codes. */
export type TaskErrorCode =
  | 'worker_error'
  | 'pending_timeout'
  | 'heartbeat_timeout'
  | 'max_runtime'
  | 'cancelled'
  | 'cancel_timeout'
  | (string & {});

/** One row of the `tasks` table. `TPayload` and `TResult` type the jsonb columns. */
export interface TaskRow<TPayload = unknown, TResult = unknown> {
  id: string;
  user_id: string;
  type: string;
  status: TaskStatus;
  payload: TPayload;
  result: TResult | null;
  /** 0..1, reported by the worker; null when the worker reports none. */
  progress: number | null;
  progress_message: string | null;
  /** Bumped at each claim; the fencing token of worker writes. 0 while never claimed. */
  attempt: number;
  cancel_requested_at: string | null;
  error_code: TaskErrorCode | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  heartbeat_at: string | null;
  finished_at: string | null;
  /** The task this one retries. */
  retry_of: string | null;
}

/** One entry of a task's audit trail (`task_events`). */
export interface TaskEvent {
  id: number;
  task_id: string;
  /** Who made the change. */
  actor: 'user' | 'worker' | 'reaper' | 'system';
  /** What happened: `submitted`, `claimed`, `cancel_requested`, `completed`, `failed`, `cancelled`, `retried`. */
  kind: string;
  from_status: TaskStatus | null;
  to_status: TaskStatus | null;
  /** The error code or reason where there is one (`heartbeat_timeout` …). */
  reason: string | null;
  at: string;
}

/**
 * Per-type timing rules, in milliseconds. One definition serves the client warning and the
 * server reaper: the `task_types` table holds both the reaper's limits and the client's
 * earlier warning points.
 */
export interface TaskThresholds {
  /** Client warns ("slow") once a pending task waits this long. */
  pendingWarnAfterMs: number;
  /** The reaper fails a pending task after this long (`pending_timeout`); client says "stuck". */
  pendingTimeoutMs: number;
  /** Client warns once a processing task has not beaten for this long. */
  heartbeatWarnAfterMs: number;
  /** The reaper fails a processing task without a heartbeat for this long (`heartbeat_timeout`). */
  heartbeatTimeoutMs: number;
  /** The reaper fails a processing task running longer than this (`max_runtime`). */
  maxRuntimeMs: number;
  /** The reaper cancels a task whose cancel request stays unacknowledged this long. */
  cancelGraceMs: number;
}

/** The result of `submit` and `retry`. */
export interface SubmitResult<TPayload = unknown, TResult = unknown> {
  /**
   * The new task; or the healthy active task of the same (user, type) that blocked a new one; or,
   * for `retry`, the task's earlier retry (a task is retried at most once).
   */
  task: TaskRow<TPayload, TResult>;
  /** False when an existing task (the active one, or the earlier retry) was returned instead of creating one. */
  created: boolean;
  /** The id of the caller's stale active task that was reaped to make room, if any. */
  reapedTaskId: string | null;
}
