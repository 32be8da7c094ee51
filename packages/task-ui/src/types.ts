/**
 * The shapes the components read. They are structural subsets of `@unstuck/task-hooks`'s
 * `TaskStatusResult` and `TaskRow` (a type test keeps them in step), declared here so the plain
 * components and their .d.ts files need nothing from the optional hooks package.
 */

/** The row fields the components show. Every field may be missing or malformed: they cope. */
export interface TaskRowLike {
  id: string;
  type?: string | null;
  status: string;
  result?: unknown;
  progress?: number | null;
  progress_message?: string | null;
  error_code?: string | null;
  error_message?: string | null;
  cancel_requested_at?: string | null;
  created_at?: string | null;
  started_at?: string | null;
  heartbeat_at?: string | null;
  finished_at?: string | null;
  retry_of?: string | null;
}

/** A task's health as the hooks judge it (`TaskHealth['state']` of `@unstuck/task-hooks`). */
export type HealthState = 'ok' | 'slow' | 'stuck';

/** Why a task is slow or stuck (`TaskHealth['reason']` of `@unstuck/task-hooks`). */
export type HealthReason = 'not_picked_up' | 'no_heartbeat' | 'running_too_long' | 'cancel_not_acknowledged';

/** The part of `TaskHealth` the components read. */
export interface TaskHealthLike {
  state: HealthState;
  reason: HealthReason | null;
}

/** How updates arrive (`ConnectionState` of `@unstuck/task-hooks`); `offline` shows a notice on a card. */
export type ConnectionLike = 'connecting' | 'realtime' | 'polling' | 'offline';

/** An error as the components show it; `TaskError` fits, so does a plain `Error`. */
export interface TaskErrorLike {
  code?: string;
  message?: string;
}

/**
 * What a `useTaskStatus(id)` result looks like to the components. Pass the hook's result as is,
 * or build one by hand: only `status` is required.
 * @example
 * <TaskCard status={{ status: 'processing', task: row, health: { state: 'ok', reason: null } }} />
 */
export interface TaskStatusLike {
  task?: TaskRowLike | undefined;
  /** `loading`, `not_found`, `unknown`, or a row status. Unknown strings render as `unknown`. */
  status: string;
  isTerminal?: boolean;
  health?: TaskHealthLike;
  /** Milliseconds on the server clock since the task was created. */
  elapsedMs?: number | null;
  isCancelling?: boolean;
  connection?: ConnectionLike;
  error?: TaskErrorLike | null;
  cancel?: () => Promise<unknown>;
  retry?: () => Promise<unknown>;
  canCancel?: boolean;
  canRetry?: boolean;
  isCancelPending?: boolean;
  isRetryPending?: boolean;
}

/**
 * The one state a component shows. Derived from a `TaskStatusLike` by `getDisplayState`:
 * `cancelling` while a cancel request waits for the worker; `error` when the first fetch failed.
 */
export type DisplayState =
  | 'loading'
  | 'pending'
  | 'processing'
  | 'cancelling'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'not_found'
  | 'unknown'
  | 'error';
