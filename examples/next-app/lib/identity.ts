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

/** Reads the demo user from a raw `Cookie` header (route handlers get a plain `Request`). */
export function userIdFromCookieHeader(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === USER_COOKIE) return parseUserId(decodeURIComponent(rest.join('=')));
  }
  return null;
}
