// HS256 JSON Web Tokens with node:crypto: the stand-in signs the tokens it hands out (anon key,
// service key, user sessions) and verifies every bearer token the way PostgREST and Realtime do.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The claims the stand-in reads. Supabase tokens carry more; these are the ones that matter here. */
export interface JwtClaims {
  sub?: string;
  role: string;
  exp: number;
  iat?: number;
  aud?: string;
  email?: string;
  session_id?: string;
  [claim: string]: unknown;
}

export type VerifyResult =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'missing_claims' | 'expired'; expiredForSeconds?: number };

const base64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

export function signJwt(claims: JwtClaims, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

export function verifyJwt(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [header, body, signature] = parts as [string, string, string];
  const expected = Buffer.from(createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'signature' };
  }
  let claims: JwtClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as JwtClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  // Realtime refuses a token without `role` and `exp`; PostgREST needs `role` to pick the database role.
  if (typeof claims.role !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'missing_claims' };
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired', expiredForSeconds: nowSeconds - claims.exp };
  return { ok: true, claims };
}
