// The PostgREST subset: table reads (`GET /rest/v1/<table>`) and function calls
// (`POST /rest/v1/rpc/<fn>`), each run as the bearer token's role inside one transaction.
import type { Pool } from 'pg';
import type { AuthState } from './auth';
import { RoleNotAllowedError, withClaims } from './db';
import type { JwtClaims } from './jwt';
import { fromPgError, restError, RestError } from './rest-errors';
import { readStatement, rpcStatement, type SqlStatement } from './rest-query';

export interface RestAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** PostgREST's answers to a bad token (PGRST301 cannot decode, PGRST303 expired). */
function claimsFor(auth: AuthState, bearer: string | null): JwtClaims {
  const token = bearer ?? auth.anonKey;
  const verified = auth.verify(token);
  if (verified.ok) return verified.claims;
  if (verified.reason === 'expired') throw restError(401, 'PGRST303', 'JWT expired');
  throw restError(401, 'PGRST301', `JWT could not be verified: ${verified.reason}`);
}

function statementFor(method: string, path: string, search: URLSearchParams, body: unknown): SqlStatement {
  const rpc = /^\/rpc\/([^/]+)$/.exec(path);
  if (rpc) {
    if (method !== 'POST') throw restError(405, 'PGRST117', `${method} on rpc is outside the stand-in's subset`);
    const args = body ?? {};
    if (typeof args !== 'object' || Array.isArray(args)) throw restError(400, 'PGRST102', 'rpc arguments must be a JSON object');
    return rpcStatement(rpc[1] ?? '', args as Record<string, unknown>);
  }
  const table = /^\/([^/]+)$/.exec(path);
  if (table && method === 'GET') return readStatement(table[1] ?? '', search);
  throw restError(405, 'PGRST117', `${method} ${path} is outside the stand-in's PostgREST subset`);
}

/** Answers one `/rest/v1/*` request; `path` is what follows `/rest/v1`. */
export async function handleRest(
  pool: Pool,
  auth: AuthState,
  request: { method: string; path: string; search: URLSearchParams; bearer: string | null; body: unknown; accept: string | null },
): Promise<RestAnswer> {
  let role = 'anon';
  try {
    const claims = claimsFor(auth, request.bearer);
    role = claims.role;
    const statement = statementFor(request.method, request.path, request.search, request.body);
    const result = await withClaims(pool, claims, (client) => client.query<{ body: unknown }>(statement.text, statement.values));
    const value = result.rows[0]?.body ?? null;
    if (request.accept === 'application/vnd.pgrst.object+json' && Array.isArray(value)) {
      if (value.length !== 1) {
        throw restError(406, 'PGRST116', 'JSON object requested, multiple (or no) rows returned', `The result contains ${value.length} rows`);
      }
      return { status: 200, body: JSON.stringify(value[0]) };
    }
    const headers = Array.isArray(value) ? { 'content-range': value.length ? `0-${value.length - 1}/*` : '*/*' } : undefined;
    return { status: 200, body: JSON.stringify(value), headers };
  } catch (error) {
    const rest = toRestError(error, role);
    return { status: rest.status, body: JSON.stringify(rest.body) };
  }
}

function toRestError(error: unknown, role: string): RestError {
  if (error instanceof RestError) return error;
  if (error instanceof RoleNotAllowedError) return restError(401, 'PGRST301', error.message);
  if (error && typeof error === 'object' && 'message' in error) {
    return fromPgError(error as { code?: string; message: string; detail?: string; hint?: string }, role);
  }
  return restError(500, 'XX000', String(error));
}
