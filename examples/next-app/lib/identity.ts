import { RequestCookies } from 'next/dist/server/web/spec-extension/cookies';

/**
 * The demo's identity: one random user id per browser, in an httpOnly cookie set by proxy.ts.
 * There is no sign-in; the cookie is the session. The database, not this module, decides what
 * that user may see (RLS keyed on the id).
 */
export const USER_COOKIE = 'unstuck_demo_user';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user id in a cookie value, or null when absent or not a UUID (a forged cookie gets nothing). */
export function parseUserId(value: string | undefined | null): string | null {
  return value && UUID.test(value) ? value.toLowerCase() : null;
}

/**
 * Reads the demo user from a raw `Cookie` header (route handlers get a plain `Request`) with the
 * parser Next itself uses for cookies() in the pages and request.cookies in proxy.ts, so that the
 * API and the pages never see two users in one header. A parser of our own drifted from it: it
 * took the first of two values (a 500, or another user), then trimmed a tab Next keeps in the name.
 */
export function userIdFromCookieHeader(header: string | null): string | null {
  if (!header) return null;
  return parseUserId(new RequestCookies(new Headers({ cookie: header })).get(USER_COOKIE)?.value);
}
