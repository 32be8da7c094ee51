/**
 * Typed errors every source maps its failures to, so the hooks and the UI can branch on `code`
 * without knowing which transport failed.
 */
export type TaskErrorKind =
  /** The id is not a UUID: rejected before any request is sent. */
  | 'invalid_id'
  /** The row does not exist or the caller may not see it (indistinguishable on purpose). */
  | 'not_found'
  /** The task type is not registered in `task_types`. */
  | 'unknown_type'
  /** The payload is over the contract's size cap. */
  | 'payload_too_large'
  /** The action is not legal in the task's current state (retry a running task …). */
  | 'illegal_state'
  /** The caller is not signed in, or not allowed to call this function. */
  | 'unauthorized'
  /** The request never got an answer: offline, DNS, connection reset, timeout. */
  | 'network'
  /** The server answered with something the contract does not allow. */
  | 'protocol'
  /** Anything else the server reported. */
  | 'server';

/** SQLSTATE codes raised by the contract's functions (examples/supabase/migrations). */
export const SQLSTATE_TO_KIND: Readonly<Record<string, TaskErrorKind>> = {
  UT001: 'not_found',
  UT002: 'unknown_type',
  UT003: 'payload_too_large',
  UT004: 'invalid_id',
  UT005: 'illegal_state',
  UT006: 'unauthorized',
  '22P02': 'invalid_id',
  '42501': 'unauthorized',
};

/** The one error type sources throw. `retryable` tells the poll policy whether to back off and retry. */
export class TaskError extends Error {
  override readonly name = 'TaskError';
  constructor(
    readonly code: TaskErrorKind,
    message: string,
    readonly details: { taskId?: string; status?: number; sqlstate?: string; cause?: unknown } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.code === 'network' || this.code === 'server';
  }
}

export function isTaskError(value: unknown): value is TaskError {
  return value instanceof TaskError;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isTaskId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Throws `invalid_id` unless `id` is a UUID, so a typo never turns into a request loop. */
export function assertTaskId(id: unknown): asserts id is string {
  if (!isTaskId(id)) {
    throw new TaskError('invalid_id', `Task id must be a UUID, got ${JSON.stringify(id)}`);
  }
}
