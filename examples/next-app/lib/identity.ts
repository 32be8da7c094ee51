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
 * Reads the demo user from a raw `Cookie` header (route handlers get a plain `Request`) as Next
 * reads cookies for proxy.ts and the pages: the last value of the name that decodes wins, and one
 * that does not decode is passed over. Taking the first, a header with two (a stale one before
 * ours) acted in the API as another user than the pages; an undecodable one threw, a 500.
 */
export function userIdFromCookieHeader(header: string | null): string | null {
  let value: string | undefined;
  for (const part of header?.split(';') ?? []) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== USER_COOKIE) continue;
    try {
      value = decodeURIComponent(rest.join('='));
    } catch {
      // not percent-encoding: not a value Next would read either
    }
  }
  return parseUserId(value);
}
