// Acting as an API role inside one transaction, exactly as PostgREST does for each request:
// `set_config('role', …, true)` and `set_config('request.jwt.claims', …, true)`, both local to the
// transaction, so nothing leaks to the next user of the connection.

/** Anything with a node-postgres style `query(text, params)`: a pg Client, a PoolClient, PGlite. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/** The API roles the shim creates and Supabase has. */
export type ApiRole = 'anon' | 'authenticated' | 'service_role';

/**
 * Runs `fn` in a transaction as `role` with the given JWT claims; commits when `fn` resolves and
 * rolls back when it throws (rethrowing the error). Pass one connection (a pg Client or
 * PoolClient, or PGlite), never a Pool: `begin` and `commit` must reach the same session. Do not
 * share the client with concurrent work while `fn` runs.
 * @example
 * await withRole(client, 'authenticated', { sub: userId, role: 'authenticated' }, (c) =>
 *   c.query('select public.submit_task($1)', ['report']));
 */
export async function withRole<C extends Queryable, T>(
  client: C,
  role: ApiRole,
  claims: Record<string, unknown>,
  fn: (client: C) => Promise<T>,
): Promise<T> {
  await client.query('begin');
  try {
    await client.query(
      "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)",
      [role, JSON.stringify(claims)],
    );
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/**
 * Runs `fn` in a transaction as the signed-in user `userId` (role `authenticated`, claim `sub`).
 * @example
 * const { rows } = await withUser(client, userId, (c) => c.query('select * from tasks'));
 */
export function withUser<C extends Queryable, T>(
  client: C,
  userId: string,
  fn: (client: C) => Promise<T>,
): Promise<T> {
  return withRole(client, 'authenticated', { sub: userId, role: 'authenticated' }, fn);
}

/**
 * Runs `fn` in a transaction as `service_role` (workers, the reaper, admin tools).
 * @example
 * await withService(client, (c) => c.query('select public.reap_stuck_tasks()'));
 */
export function withService<C extends Queryable, T>(
  client: C,
  fn: (client: C) => Promise<T>,
): Promise<T> {
  return withRole(client, 'service_role', { role: 'service_role' }, fn);
}

/**
 * Runs `fn` in a transaction as `anon` (a visitor who is not signed in).
 * @example
 * await withAnon(client, (c) => c.query('select * from task_types'));
 */
export function withAnon<C extends Queryable, T>(
  client: C,
  fn: (client: C) => Promise<T>,
): Promise<T> {
  return withRole(client, 'anon', { role: 'anon' }, fn);
}
