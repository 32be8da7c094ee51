import { NextResponse, type NextRequest } from 'next/server';
import { escapeUndecodable } from './lib/escape-undecodable';
import { USER_COOKIE, parseUserId } from './lib/identity';

const ONE_YEAR_S = 60 * 60 * 24 * 365;

/**
 * Gives every browser a demo identity on its first request: a random UUID in an httpOnly cookie.
 * The cookie is also written into the forwarded request, so the very first page render already
 * knows the user and can prefetch their tasks. A path Next could not decode is passed on escaped
 * (see escapeUndecodable).
 */
export function proxy(request: NextRequest) {
  const escaped = escapeUndecodable(request.nextUrl.pathname);
  const newUserId = parseUserId(request.cookies.get(USER_COOKIE)?.value) ? null : crypto.randomUUID();
  if (!newUserId && escaped === null) return NextResponse.next();
  if (newUserId) request.cookies.set(USER_COOKIE, newUserId);
  const forward = { request: { headers: request.headers } };
  const target = request.nextUrl.clone();
  target.pathname = escaped ?? target.pathname;
  const response = escaped === null ? NextResponse.next(forward) : NextResponse.rewrite(target, forward);
  if (newUserId) {
    response.cookies.set({
      name: USER_COOKIE,
      value: newUserId,
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: ONE_YEAR_S,
    });
  }
  return response;
}

export const config = {
  // Pages and the API; never static files.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
