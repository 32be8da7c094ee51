import { SQLSTATE_TO_KIND, TaskError, isTaskError } from '@unstuck/task-hooks/core';

/**
 * Turns whatever the driver threw into the contract's `TaskError`: the SQLSTATE raised by the
 * contract's functions picks the kind (`UT001` → not_found …); anything else is a server error
 * whose message is kept for the log but not leaked to the browser.
 */
export function toTaskError(error: unknown, taskId?: string): TaskError {
  if (isTaskError(error)) return error; // structural: Next bundles more than one copy of the package
  const sqlstate = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const kind = typeof sqlstate === 'string' ? SQLSTATE_TO_KIND[sqlstate] : undefined;
  const details = { cause: error, ...(taskId ? { taskId } : {}), ...(typeof sqlstate === 'string' ? { sqlstate } : {}) };
  if (kind) return new TaskError(kind, message, details);
  console.error('[unstuck] database error:', message);
  return new TaskError('server', 'The database could not answer this request.', details);
}

/** Runs `fn`, rethrowing any failure as a `TaskError`. */
export async function mapErrors<T>(fn: () => Promise<T>, taskId?: string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toTaskError(error, taskId);
  }
}
