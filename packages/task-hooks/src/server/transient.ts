// Which failures behind the server are temporary: answered 503 with Retry-After ("come back"),
// where every other failure is a 500 ("broken until someone fixes it"). Kept in one place so that
// the handler and a server-rendered page (the Next example's) draw the line alike.
import type { TaskError } from '../core/errors';

/** SQLSTATE classes (first two characters) whose every code is temporary. */
const TRANSIENT_CLASSES: ReadonlySet<string> = new Set([
  // connection_exception: the connection could not be made or was lost; a new one may work.
  '08',
  // insufficient_resources: too many connections, out of memory or disk; eases as the load drops.
  '53',
]);

/**
 * A code of those classes that repeats until someone acts: 53400 configuration_limit_exceeded (a
 * query over `temp_file_limit` exceeds it again). Not 08P01 protocol_violation, though a driver bug
 * raises it too: PgBouncer sends it for every error of its own, among them a saturated pool and a
 * server that is down or shutting down, which pass.
 */
const PERMANENT_IN_TRANSIENT_CLASSES: ReadonlySet<string> = new Set(['53400']);

/** Single SQLSTATE codes that are temporary, in classes whose other codes are not. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  '57P01', // admin_shutdown: the server is stopping (a restart, a failover); it comes back
  '57P02', // crash_shutdown: another backend crashed and the server is restarting
  '57P03', // cannot_connect_now: the server is starting up or in recovery
  '55P03', // lock_not_available: the lock timeout; another transaction held the row, it ends
  '57014', // query_canceled: the statement timeout fired on a slow or busy database
  '40001', // serialization_failure: the transaction lost a race; run again, it goes through
  '40P01', // deadlock_detected: one side of a deadlock is aborted; run again, it goes through
]);

/**
 * HTTP statuses of a backend that says it cannot answer now: PostgREST answers 503 (PGRST00x) when
 * it cannot reach its database, a gateway 502 or 504 when it cannot reach PostgREST.
 */
const UNAVAILABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * True for a SQLSTATE that a later attempt can get past with nothing changed. Every other one
 * repeats until someone acts: an outdated schema (42883 function or 42703 column missing, 23514 a
 * check violation), a database that does not exist (3D000), an internal error (XX000).
 * @example isTransientSqlstate('55P03') // true; isTransientSqlstate('42883') // false
 */
export function isTransientSqlstate(sqlstate: string | undefined): boolean {
  if (sqlstate === undefined || PERMANENT_IN_TRANSIENT_CLASSES.has(sqlstate)) return false;
  return TRANSIENT_CLASSES.has(sqlstate.slice(0, 2)) || TRANSIENT_CODES.has(sqlstate);
}

/**
 * True for a failure that waiting can cure: a `network` error (the backend never answered), or a
 * `server` error with a temporary SQLSTATE or an unavailable backend's status. A `server` error
 * with neither (a missing row, an unknown SQLSTATE) is a bug or a misconfiguration.
 * @example isTransientFailure(new TaskError('server', 'lock timeout', { sqlstate: '55P03' })) // true
 */
export function isTransientFailure(error: TaskError): boolean {
  if (error.code === 'network') return true;
  if (error.code !== 'server') return false;
  const { sqlstate, status } = error.details;
  return isTransientSqlstate(sqlstate) || (status !== undefined && UNAVAILABLE_STATUSES.has(status));
}
