import { SQLSTATE_TO_KIND, TaskError, isTaskError } from '@unstuck/task-hooks/core';
import { isConnectionFailure } from './connection-failure';

/** A SQLSTATE is five digits or capitals; Node's socket errors (ECONNREFUSED …) use `code` too. */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Turns whatever the driver threw into the contract's `TaskError`: a connection that failed is
 * `network` (the request never got an answer); the SQLSTATE raised by the contract's functions
 * picks the kind (`UT001` → not_found …); anything else is a server error, with its SQLSTATE (which
 * tells the handler whether it is temporary) and its message kept for the log but not leaked to the
 * browser.
 */
export function toTaskError(error: unknown, taskId?: string): TaskError {
  if (isTaskError(error)) return error; // structural: Next bundles more than one copy of the package
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const sqlstate = typeof code === 'string' && SQLSTATE.test(code) && !isConnectionFailure(error) ? code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const details = { cause: error, ...(taskId ? { taskId } : {}), ...(sqlstate ? { sqlstate } : {}) };
  if (isConnectionFailure(error)) {
    console.error('[unstuck] database connection failed:', message);
    return new TaskError('network', 'The database could not be reached.', details);
  }
  const kind = sqlstate ? SQLSTATE_TO_KIND[sqlstate] : undefined;
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
