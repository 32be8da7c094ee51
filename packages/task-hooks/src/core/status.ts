import { TASK_STATUSES, type KnownTaskStatus, type TaskRow } from './types';

/** A status this client understands, or `unknown` for one written by a newer database. */
export type ClassifiedStatus = KnownTaskStatus | 'unknown';

/**
 * Maps a wire status to one this client knows, so a newer server status shows as `unknown`
 * instead of crashing a switch statement.
 * @example classifyStatus('processing') // 'processing'
 * @example classifyStatus('paused') // 'unknown'
 */
export function classifyStatus(status: string): ClassifiedStatus {
  return (TASK_STATUSES as readonly string[]).includes(status) ? (status as KnownTaskStatus) : 'unknown';
}

/**
 * True for `completed`, `failed`, `cancelled`: nothing changes after them, so polling stops.
 * @example isTerminalStatus('failed') // true
 */
export function isTerminalStatus(status: string): boolean {
  // Every known status is either active or terminal (see `TERMINAL_STATUSES`, `ACTIVE_STATUSES`).
  return classifyStatus(status) !== 'unknown' && !isActiveStatus(status);
}

/**
 * True for `pending` and `processing`: a worker or the reaper may still move the task.
 * @example isActiveStatus('pending') // true
 */
export function isActiveStatus(status: string): boolean {
  return status === 'pending' || status === 'processing';
}

/**
 * True while a cancel was requested and the worker has not acknowledged it yet.
 * @example isCancelRequested({ ...row, status: 'processing', cancel_requested_at: '2026-…' }) // true
 */
export function isCancelRequested(row: Pick<TaskRow, 'status' | 'cancel_requested_at'>): boolean {
  return isActiveStatus(row.status) && row.cancel_requested_at !== null;
}

/**
 * Whether a cancel request makes sense now: the task is active and no request is outstanding.
 * @example canCancelTask(pendingRow) // true
 */
export function canCancelTask(row: Pick<TaskRow, 'status' | 'cancel_requested_at'>): boolean {
  return isActiveStatus(row.status) && row.cancel_requested_at === null;
}

/**
 * Whether `retry_task` will accept the task: failed or cancelled, or active but stuck
 * (the database fails it first with its reaper code). Completed and healthy tasks are refused.
 * @example canRetryTask(failedRow, false) // true
 */
export function canRetryTask(row: Pick<TaskRow, 'status'>, isStuck: boolean): boolean {
  if (row.status === 'failed' || row.status === 'cancelled') return true;
  return isActiveStatus(row.status) && isStuck;
}
