// node-postgres reports a connection that failed or was lost without a SQLSTATE: a Node socket
// error code, or an Error of its own with only a message. These are the request that "never got
// an answer" (TaskErrorKind `network`), which a later attempt can get past.

/** Node's socket error codes for a server that cannot be reached now. */
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
]);

/**
 * node-postgres's and pg-pool's own messages for a lost or timed-out connection (pg 8: lib/client.js,
 * pg-pool/index.js): they carry no code to match instead.
 */
const DRIVER_MESSAGES =
  /^(Connection terminated|timeout expired|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/;

/** True when `error` says the connection to the database failed, not that the database refused the request. */
export function isConnectionFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  return typeof message === 'string' && DRIVER_MESSAGES.test(message);
}
