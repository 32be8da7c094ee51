import { RequestCookies } from 'next/dist/server/web/spec-extension/cookies';
import { describe, expect, test } from 'vitest';
import { USER_COOKIE, userIdFromCookieHeader } from '../../lib/identity';

// The API reads the demo user from the Cookie header; the pages and proxy.ts read it through
// Next's cookies(). Both must pick the same user from any header, or a page shows one user's task
// while the API lists another's.
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';

/** The user as the pages see it: Next's own parser (what cookies() and request.cookies use). */
const asNextReadsIt = (header: string) => new RequestCookies(new Headers({ cookie: header })).get(USER_COOKIE)?.value ?? null;

describe('the demo user in a Cookie header', () => {
  test.each([
    [`${USER_COOKIE}=${A}`],
    [`${USER_COOKIE}=${A}; ${USER_COOKIE}=${B}`],
    // Next splits on ";" and the spaces after it only: a tab keeps the second pair's name "\tunstuck_demo_user".
    [`${USER_COOKIE}=${A};\t${USER_COOKIE}=${B}`],
    [`${USER_COOKIE}=%ZZ; ${USER_COOKIE}=${B}`],
    [`${USER_COOKIE}=${B}; ${USER_COOKIE}=%ZZ`],
    [`other=1;${USER_COOKIE}=${A}`],
  ])('%s: the user Next reads', (header) => {
    expect(userIdFromCookieHeader(header)).toBe(asNextReadsIt(header));
  });
});
