/**
 * The one database interface the server side of the demo uses, over PGlite (default) or a real
 * PostgreSQL pool (`DATABASE_URL`). Every call runs in its own transaction with a role, so row
 * ownership is enforced by the database's RLS policies, never by route code.
 */
export interface Sql {
  /** Runs one statement and returns its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in a transaction as the signed-in demo user:
   * `set local role authenticated; set local request.jwt.claims = {"sub": userId, ...}`.
   */
  asUser<T>(userId: string, fn: (sql: Sql) => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction as `service_role` (the worker and the reaper). */
  asService<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction as the connection's own (owner) role: migrations and seeds. */
  asOwner<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel; the returned function stops listening. `onLive(false)` when the listening
   * connection is lost (notifications sent meanwhile are gone), `onLive(true)` once it listens again.
   */
  listen(channel: string, onPayload: (payload: string) => void, onLive?: (live: boolean) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The statements that make a transaction act as a user; shared by both drivers. */
export function userClaims(userId: string): string {
  return JSON.stringify({ sub: userId, role: 'authenticated' });
}

/** Runs the role switch for `asUser` inside an open transaction. */
export async function becomeUser(sql: Sql, userId: string): Promise<void> {
  await sql.query('set local role authenticated');
  await sql.query("select set_config('request.jwt.claims', $1, true)", [userClaims(userId)]);
}

export async function becomeService(sql: Sql): Promise<void> {
  await sql.query('set local role service_role');
  await sql.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ role: 'service_role' })]);
}
