import { createTaskHttpHandler } from '../../../../lib/server/http/handler';
import { userIdFromCookieHeader } from '../../../../lib/identity';
import { getRuntime } from '../../../../lib/server/runtime';

// Every route of docs/CONTRACT.md's HTTP + SSE section, served from the database as the cookie's
// user: ownership is enforced by RLS inside each transaction, never by this file.
const handler = createTaskHttpHandler({
  basePath: '/api/tasks',
  async getSource(request) {
    const userId = userIdFromCookieHeader(request.headers.get('cookie'));
    if (!userId) return null;
    return (await getRuntime()).sourceFor(userId);
  },
});

export const GET = handler;
export const POST = handler;
export const dynamic = 'force-dynamic';
