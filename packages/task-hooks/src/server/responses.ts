// JSON answers of the HTTP contract, and TaskError → `{error: {code, message}}` with its status.
import { isTaskError, TaskError, type TaskErrorKind } from '../core/errors';

const STATUS: Record<TaskErrorKind, number> = {
  invalid_id: 400,
  unknown_type: 400,
  payload_too_large: 400,
  unauthorized: 401,
  not_found: 404,
  illegal_state: 409,
  network: 500,
  protocol: 500,
  server: 500,
};

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * The contract's error answer. Failures behind the server (database unreachable, a malformed row)
 * are reported as `server`, and an error that is not a TaskError never leaks its message.
 */
export function errorResponse(error: unknown): Response {
  if (!isTaskError(error)) return json({ error: { code: 'server', message: 'Internal server error' } }, 500);
  const status = STATUS[error.code] ?? 500;
  const code = status === 500 ? 'server' : error.code;
  return json({ error: { code, message: error.message } }, status);
}

export function badRequest(code: 'invalid_id' | 'unknown_type' | 'payload_too_large', message: string): never {
  throw new TaskError(code, message);
}
