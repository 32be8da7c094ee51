// The GoTrue subset supabase-js needs for a signed-in user: `setSession` (GET /auth/v1/user),
// `refreshSession` (POST /auth/v1/token?grant_type=refresh_token, with rotation), `signOut`, and
// `signInAnonymously` (POST /auth/v1/signup without email or phone), which the Next example uses.
// Other sessions are issued by the test itself (`issueSession`); there is no password flow.
import { randomBytes, randomUUID } from 'node:crypto';
import { signJwt, verifyJwt, type JwtClaims, type VerifyResult } from './jwt';

export interface IssuedSession {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  user: StandinUser;
}

export interface StandinUser {
  id: string;
  aud: 'authenticated';
  role: 'authenticated';
  email: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  created_at: string;
  is_anonymous?: boolean;
}

interface RefreshRecord {
  user: StandinUser;
  sessionId: string;
  /** When the token was rotated; GoTrue still honours it for a short reuse interval after that. */
  rotatedAt: number | null;
}

/** GoTrue accepts a rotated refresh token again for this long, so two tabs refreshing at once both win. */
const REUSE_INTERVAL_MS = 10_000;

export class AuthState {
  readonly anonKey: string;
  readonly serviceKey: string;
  /** Count of successful refresh-token grants, for tests asserting that a client refreshed. */
  refreshCount = 0;
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly issuedAccessTokens = new Set<string>();
  private readonly forcedExpired = new Set<string>();

  constructor(
    readonly secret: string,
    private readonly accessTokenTtlSeconds: number,
  ) {
    const farFuture = Math.floor(Date.now() / 1000) + 10 * 365 * 24 * 3600;
    this.anonKey = signJwt({ role: 'anon', iss: 'supabase-standin', exp: farFuture }, secret);
    this.serviceKey = signJwt({ role: 'service_role', iss: 'supabase-standin', exp: farFuture }, secret);
  }

  /** A fresh session for `userId`, as a sign-in would return it. */
  issueSession(userId: string, email = `${userId}@standin.test`): IssuedSession {
    const user: StandinUser = {
      id: userId,
      aud: 'authenticated',
      role: 'authenticated',
      email,
      app_metadata: { provider: 'email' },
      user_metadata: {},
      created_at: new Date(0).toISOString(),
    };
    return this.sessionFor(user, randomUUID());
  }

  /** A session for a new anonymous user, as GoTrue's anonymous sign-in returns it (role `authenticated`). */
  signUpAnonymously(metadata: Record<string, unknown>): IssuedSession {
    const user: StandinUser = {
      id: randomUUID(),
      aud: 'authenticated',
      role: 'authenticated',
      email: '',
      is_anonymous: true,
      app_metadata: { provider: 'anonymous', providers: ['anonymous'] },
      user_metadata: metadata,
      created_at: new Date().toISOString(),
    };
    return this.sessionFor(user, randomUUID());
  }

  private sessionFor(user: StandinUser, sessionId: string): IssuedSession {
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = now + this.accessTokenTtlSeconds;
    const claims: JwtClaims = {
      sub: user.id,
      role: 'authenticated',
      aud: 'authenticated',
      email: user.email,
      session_id: sessionId,
      is_anonymous: user.is_anonymous === true,
      iat: now,
      exp: expiresAt,
      // Two tokens issued in the same second must differ, or expiring one would expire the next.
      jti: randomUUID(),
    };
    const accessToken = signJwt(claims, this.secret);
    const refreshToken = randomBytes(16).toString('hex');
    this.issuedAccessTokens.add(accessToken);
    this.refreshTokens.set(refreshToken, { user, sessionId, rotatedAt: null });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: this.accessTokenTtlSeconds,
      expires_at: expiresAt,
      user,
    };
  }

  /** Every access token issued so far now counts as expired; refreshed ones issued later do not. */
  expireIssuedTokens(): void {
    for (const token of this.issuedAccessTokens) this.forcedExpired.add(token);
  }

  verify(token: string): VerifyResult {
    if (this.forcedExpired.has(token)) return { ok: false, reason: 'expired', expiredForSeconds: 0 };
    return verifyJwt(token, this.secret);
  }

  /** Rotates a refresh token. Returns null when the token is unknown or rotated too long ago. */
  refresh(refreshToken: string): IssuedSession | null {
    const record = this.refreshTokens.get(refreshToken);
    if (!record) return null;
    if (record.rotatedAt !== null && Date.now() - record.rotatedAt > REUSE_INTERVAL_MS) return null;
    record.rotatedAt ??= Date.now();
    this.refreshCount += 1;
    return this.sessionFor(record.user, record.sessionId);
  }

  userFor(claims: JwtClaims): StandinUser | null {
    if (claims.role !== 'authenticated' || !claims.sub) return null;
    return {
      id: claims.sub,
      aud: 'authenticated',
      role: 'authenticated',
      email: typeof claims.email === 'string' ? claims.email : `${claims.sub}@standin.test`,
      app_metadata: claims.is_anonymous === true ? { provider: 'anonymous', providers: ['anonymous'] } : { provider: 'email' },
      user_metadata: {},
      created_at: new Date(0).toISOString(),
      ...(claims.is_anonymous === true ? { is_anonymous: true } : {}),
    };
  }
}

export interface AuthHttpAnswer {
  status: number;
  body: unknown;
}

const authError = (status: number, code: string, message: string): AuthHttpAnswer => ({
  status,
  body: { code: status, error_code: code, msg: message },
});

/** Answers one `/auth/v1/*` request; `path` is what follows `/auth/v1`. */
export function handleAuth(state: AuthState, method: string, path: string, search: URLSearchParams, bearer: string | null, body: unknown): AuthHttpAnswer {
  if (method === 'POST' && path === '/token' && search.get('grant_type') === 'refresh_token') {
    const token = (body as { refresh_token?: unknown } | null)?.refresh_token;
    if (typeof token !== 'string') return authError(400, 'validation_failed', 'refresh_token is required');
    const session = state.refresh(token);
    if (!session) return authError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    return { status: 200, body: session };
  }
  if (method === 'GET' && path === '/user') {
    if (!bearer) return authError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
    const verified = state.verify(bearer);
    if (!verified.ok) return authError(403, 'bad_jwt', `invalid JWT: ${verified.reason}`);
    const user = state.userFor(verified.claims);
    if (!user) return authError(403, 'bad_jwt', 'token has no user');
    return { status: 200, body: user };
  }
  if (method === 'POST' && path === '/signup') {
    const request = (body ?? {}) as { email?: unknown; phone?: unknown; data?: unknown };
    if (request.email !== undefined || request.phone !== undefined) {
      return authError(422, 'validation_failed', "sign-up with email or phone is outside the stand-in's GoTrue subset (anonymous only)");
    }
    const metadata = typeof request.data === 'object' && request.data !== null ? (request.data as Record<string, unknown>) : {};
    return { status: 200, body: state.signUpAnonymously(metadata) };
  }
  if (method === 'POST' && path === '/logout') return { status: 204, body: null };
  return authError(404, 'not_found', `${method} /auth/v1${path} is outside the stand-in's GoTrue subset`);
}
