// JSON answers of the HTTP contract, and TaskError → `{error: {code, message}}` with its status.
import { isTaskError, TaskError, type TaskErrorKind } from '../core/errors';

const STATUS: Record<TaskErrorKind, number> = {
  invalid_id: 400,
  unknown_type: 400,
  payload_too_large: 400,
  unauthorized: 401,
  not_found: 404,
  illegal_state: 409,
  // A source reports its backend down or failing (the database unreachable, a lock or statement
  // timeout) as `server` or `network`: temporary, so 503 with Retry-After, which proxies, monitors and
  // other clients than ours read as "come back", where a 500 says the server is broken.
  network: 503,
  protocol: 500,
  server: 503,
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
 * The contract's error answer. Failures behind the server (database unreachable, a malformed row)
 * are reported as `server`, and an error that is not a TaskError (a bug: waiting will not help) is
 * a 500 that never leaks its message.
 */
export function errorResponse(error: unknown): Response {
  if (!isTaskError(error)) return json({ error: { code: 'server', message: 'Internal server error' } }, 500);
  const status = STATUS[error.code] ?? 500;
  const response = json({ error: { code: status >= 500 ? 'server' : error.code, message: error.message } }, status);
  if (status === 503) response.headers.set('retry-after', RETRY_AFTER_S);
  return response;
}

export function badRequest(code: 'invalid_id' | 'unknown_type' | 'payload_too_large', message: string): never {
  throw new TaskError(code, message);
}
