// Runs one request the way PostgREST does: a transaction with the JWT's role and claims set locally
// (the example's `withRole`), so row level security and grants are enforced by PostgreSQL itself.
import { withRole, type ApiRole } from '@unstuck/supabase-example';
import type { Pool, PoolClient } from 'pg';
import type { JwtClaims } from './jwt';

/** The database roles a token may switch to; anything else is refused before reaching SQL. */
const ALLOWED_ROLES: ReadonlySet<string> = new Set<ApiRole>(['anon', 'authenticated', 'service_role']);

export class RoleNotAllowedError extends Error {
  constructor(readonly role: string) {
    super(`role "${role}" is not allowed by the stand-in`);
  }
}

export async function withClaims<T>(pool: Pool, claims: JwtClaims, run: (client: PoolClient) => Promise<T>): Promise<T> {
  if (!ALLOWED_ROLES.has(claims.role)) throw new RoleNotAllowedError(claims.role);
  const client = await pool.connect();
  try {
    return await withRole(client, claims.role as ApiRole, claims, run);
  } finally {
    client.release();
  }
}
