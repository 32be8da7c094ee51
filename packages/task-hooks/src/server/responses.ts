// JSON answers of the HTTP contract, and TaskError → `{error: {code, message}}` with its status.
import { isTaskError, TaskError, type TaskErrorKind } from '../core/errors';
import { isTransientFailure } from './transient';

const STATUS: Record<TaskErrorKind, number> = {
  invalid_id: 400,
  unknown_type: 400,
  payload_too_large: 400,
  unauthorized: 401,
  not_found: 404,
  illegal_state: 409,
  // A temporary failure (isTransientFailure: the database unreachable, a lock or statement timeout)
  // is a 503 with Retry-After, which proxies, monitors and other clients than ours read as "come
  // back"; any other (an outdated schema, a database that does not exist, a bug) a 500, which
  // says the server is broken: "come back in 5 s" would be false for ever.
  network: 503,
  protocol: 500,
  server: 500,
};

/** Seconds a client is asked to wait after a 503: about the database pool's connect timeout. */
const RETRY_AFTER_S = '5';

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * The contract's error answer. Failures behind the server are reported as `server`: 503 when
 * temporary, else 500; an error that is not a TaskError (a bug: waiting will not help) is a 500
 * that never leaks its message.
 */
export function errorResponse(error: unknown): Response {
  if (!isTaskError(error)) return json({ error: { code: 'server', message: 'Internal server error' } }, 500);
  const status = isTransientFailure(error) ? 503 : STATUS[error.code] ?? 500;
  const response = json({ error: { code: status >= 500 ? 'server' : error.code, message: error.message } }, status);
  if (status === 503) response.headers.set('retry-after', RETRY_AFTER_S);
  return response;
}

export function badRequest(code: 'invalid_id' | 'unknown_type' | 'payload_too_large', message: string): never {
  throw new TaskError(code, message);
}
