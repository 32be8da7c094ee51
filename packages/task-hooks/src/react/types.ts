import type { TaskError } from '../core/errors';
import type { TaskHealth } from '../core/health.types';
import type { SubmitResult, TaskRow, TaskStatus, TaskThresholds } from '../core/types';
import type { ConnectionState } from '../sources/source';

/**
 * What `useTaskStatus(id)` returns. `@unstuck/task-ui` components accept the same shape, so a
 * component can be fed by the hook or by plain props.
 */
export interface TaskStatusResult<TPayload = unknown, TResult = unknown> {
  /** The last fetched row; undefined until the first fetch answers. */
  task: TaskRow<TPayload, TResult> | undefined;
  /**
   * `loading` until the first answer; `not_found` when the row is missing or not the caller's;
   * `unknown` when the row has a status this client does not know; else the row's status.
   */
  status: TaskStatus | 'loading' | 'not_found' | 'unknown';
  /** True for completed, failed and cancelled. */
  isTerminal: boolean;
  /** From server timestamps and the estimated clock offset; `ok` while loading or terminal. */
  health: TaskHealth;
  /** Milliseconds on the server clock since the task was created (ticks while it is active). */
  elapsedMs: number | null;
  /**
   * True from the Cancel press (optimistic, rolled back if the request fails) while the task is
   * still pending or processing with a cancel requested, i.e. until the worker or the reaper ends it.
   */
  isCancelling: boolean;
  /** How updates arrive right now. */
  connection: ConnectionState;
  /**
   * The last error (fetch or action). A failed read's clears with the next successful read. A
   * failed Cancel's or Retry's stays until the task's status changes or either action is pressed
   * again; a Cancel's also goes once the row offers no cancel (it was applied anyway, or the task
   * ended), and a Retry's once Retry is offered again after being withdrawn (the task turned stuck).
   */
  error: TaskError | null;
  /** The thresholds in force for this task's type. */
  thresholds: TaskThresholds;
  /** Asks the server to cancel the task (a press while one is out joins it); never rejects: a failure shows in `error`. */
  cancel: () => Promise<void>;
  /**
   * Starts a retry (or finds the one the task already has, `created: false`) and resolves with it,
   * or with `undefined` when it failed (shown in `error`); never rejects. A press while one is out joins it.
   */
  retry: () => Promise<SubmitResult<TPayload, TResult> | undefined>;
  /** The task is pending or processing, no cancel was requested, and no Cancel is out. */
  canCancel: boolean;
  /** The task failed, was cancelled, or is active and `stuck`, and no Retry is out. */
  canRetry: boolean;
  /** A Cancel request is out. */
  isCancelPending: boolean;
  /** A Retry request is out. */
  isRetryPending: boolean;
}
