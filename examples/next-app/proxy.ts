import { NextResponse, type NextRequest } from 'next/server';
import { USER_COOKIE, parseUserId } from './lib/identity';

const ONE_YEAR_S = 60 * 60 * 24 * 365;

/**
 * Gives every browser a demo identity on its first request: a random UUID in an httpOnly cookie.
 * The cookie is also written into the forwarded request, so the very first page render already
 * knows the user and can prefetch their tasks.
 */
export function proxy(request: NextRequest) {
  if (parseUserId(request.cookies.get(USER_COOKIE)?.value)) return NextResponse.next();
  const userId = crypto.randomUUID();
  request.cookies.set(USER_COOKIE, userId);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set({
    name: USER_COOKIE,
    value: userId,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: ONE_YEAR_S,
  });
  return response;
}

export const config = {
  // Pages and the API; never static files.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
