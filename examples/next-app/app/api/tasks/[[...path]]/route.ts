import { createTaskHttpHandler } from '@unstuck/task-hooks/server';
import { userIdFromCookieHeader } from '../../../../lib/identity';
import { unlessSupabase } from '../../../../lib/server/not-served';
import { taskSourceFor } from '../../../../lib/server/runtime';

// Every route of docs/CONTRACT.md's HTTP + SSE section, served from the database as the cookie's
// user: ownership is enforced by RLS inside each transaction, never by this file.
const handler = createTaskHttpHandler({
  basePath: '/api/tasks',
  async getSource(request) {
    const userId = userIdFromCookieHeader(request.headers.get('cookie'));
    if (!userId) return null;
    return taskSourceFor(userId);
  },
  // A new source object is made per request; the user id groups a user's streams (SSE replay).
  streamKey: (request) => userIdFromCookieHeader(request.headers.get('cookie')) ?? 'anonymous',
});

// `next start` exits on SIGINT (Ctrl+C) or SIGTERM once every connection has closed, and an open
// event stream (any tab showing the demo) never closes by itself: end the streams on those
// signals, or the server waits for the last tab to go. Once per process (modules may be evaluated
// again, as in dev); it closes the latest handler.
const holder = globalThis as typeof globalThis & { __unstuckTaskHandler?: { close(): void } };
if (!holder.__unstuckTaskHandler) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => holder.__unstuckTaskHandler?.close());
}
holder.__unstuckTaskHandler = handler;

const serve = unlessSupabase(handler);
export const GET = serve;
// Next hands a HEAD to the GET export as a HEAD; the handler answers it as GET without a body.
export const HEAD = serve;
export const POST = serve;
// The contract has no PUT, PATCH, DELETE or OPTIONS route, but the handler answers them: 405 with
// its JSON error body and the route's own `Allow`. Not exported, Next answered them itself (a 405
// without Allow, and an OPTIONS listing only the methods this file exports). OPTIONS is exported
// only for that 405: the contract is same-origin and serves no CORS preflight (docs/CONTRACT.md).
export const PUT = serve;
export const PATCH = serve;
export const DELETE = serve;
export const OPTIONS = serve;
export const dynamic = 'force-dynamic';
