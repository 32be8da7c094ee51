/**
 * Typed errors every source maps its failures to, so the hooks and the UI can branch on `code`
 * without knowing which transport failed.
 */
export type TaskErrorKind =
  /**
   * A malformed argument: an id that is not a UUID (refused before any request is sent), a payload
   * JSON cannot carry, a `limit` out of range, a request body or query the server cannot read
   * (not JSON, too deeply nested, a POST that is not `application/json`), a worker's progress
   * outside 0..1 or a malformed error code.
   */
  | 'invalid_id'
  /** The row does not exist or the caller may not see it (indistinguishable on purpose). */
  | 'not_found'
  /** The task type is not registered in `task_types`. */
  | 'unknown_type'
  /** The payload (or a worker's result) is over its type's `max_payload_bytes`, or a request body over the server's cap. */
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

/**
 * SQLSTATE codes raised by the contract's functions (examples/supabase/migrations), and those of
 * PostgreSQL's own that mean the caller's input was bad: a malformed uuid or a lone surrogate in
 * jsonb (22P02), text the database cannot store, a NUL character in jsonb (22P05) or in text
 * (22021). Not server errors, which a client would send again.
 */
export const SQLSTATE_TO_KIND: Readonly<Record<string, TaskErrorKind>> = {
  UT001: 'not_found',
  UT002: 'unknown_type',
  UT003: 'payload_too_large',
  UT004: 'invalid_id',
  UT005: 'illegal_state',
  UT006: 'unauthorized',
  '22P02': 'invalid_id',
  '22P05': 'invalid_id',
  '22021': 'invalid_id',
  '42501': 'unauthorized',
};

const KINDS: ReadonlySet<unknown> = new Set<TaskErrorKind>([
  'invalid_id', 'not_found', 'unknown_type', 'payload_too_large', 'illegal_state', 'unauthorized', 'network', 'protocol', 'server',
]);

/**
 * True for one of the codes above (e.g. a `code` read from an HTTP error body).
 * @example isTaskErrorKind('not_found') // true
 */
export function isTaskErrorKind(value: unknown): value is TaskErrorKind {
  return KINDS.has(value);
}

/**
 * The one error type sources throw. `retryable` tells the poll policy whether to back off and retry.
 *
 * `instanceof TaskError` is structural (see {@link isTaskError}): Next.js loads separate copies
 * of a package for pages and API routes, and a class check would fail across them.
 */
export class TaskError extends Error {
  override readonly name = 'TaskError';
  constructor(
    readonly code: TaskErrorKind,
    message: string,
    /** `retryAfterMs`: the wait an HTTP answer's `Retry-After` asked for; the hooks retry no sooner. */
    readonly details: { taskId?: string; status?: number; sqlstate?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.code === 'network' || this.code === 'server';
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return isTaskError(value);
  }
}

/**
 * True for a `TaskError` from any copy of this package: an `Error` named `TaskError` with a known
 * `code`. Bundlers may load the package twice (Next.js pages and API routes do), so a class
 * check would miss errors made by the other copy.
 * @example if (isTaskError(error) && error.code === 'not_found') return notFound();
 */
export function isTaskError(value: unknown): value is TaskError {
  const candidate = value as { name?: unknown; code?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && candidate.name === 'TaskError' && KINDS.has(candidate.code);
}

/**
 * The `invalid_id` error for a value that is not a UUID (thrown, or returned by the hooks).
 * @example invalidIdError('42').message // 'Task id must be a UUID, got "42"'
 */
export function invalidIdError(id: unknown): TaskError {
  return new TaskError('invalid_id', `Task id must be a UUID, got ${JSON.stringify(id)}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a UUID in any case (a task id as the contract spells it); no request is sent for anything else.
 * @example isTaskId('1F2E3D4C-0000-4000-8000-000000000001') // true; isTaskId('42') // false
 */
export function isTaskId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Throws `invalid_id` unless `id` is a UUID, so a typo never turns into a request loop.
 * @example assertTaskId(params.id); // params.id: string from here on
 */
export function assertTaskId(id: unknown): asserts id is string {
  if (!isTaskId(id)) throw invalidIdError(id);
}
