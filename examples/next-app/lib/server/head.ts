/**
 * HEAD as HTTP defines it (RFC 9110 §9.3.2): the GET answer's status and headers, without its body.
 * Next.js answers HEAD with a route's GET export when it has no HEAD export, but hands it the HEAD
 * request as it is, and `createTaskHttpHandler` serves its routes by method: `HEAD /api/tasks/time`
 * was a 404 while GET answered 200 (a monitor or a proxy's health check saw a missing route).
 * A GET stream that this opens (`/stream`) is closed at once, with its body.
 */
export function headFromGet(get: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    const response = await get(new Request(request, { method: 'GET' }));
    await response.body?.cancel().catch(() => undefined);
    return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
