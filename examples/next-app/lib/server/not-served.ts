import { backend } from '../backend';

/**
 * In Supabase mode the browser talks to Supabase directly and this server keeps no tasks: its
 * task API answers 404 with code `protocol`, as the contract's handler does for a route it does not
 * serve (`not_found` would tell an http source the task is gone), instead of `handle`. Served, the first request started
 * an embedded PGlite in `.data/`, with the simulated worker and the reaper beside the project's own
 * (a second worker racing for the same tasks where DATABASE_URL was set too).
 */
export function unlessSupabase(handle: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    if (backend() !== 'supabase') return handle(request);
    const error = { code: 'protocol', message: 'This server serves no task API in Supabase mode: the browser talks to Supabase' };
    return Response.json({ error }, { status: 404, headers: { 'cache-control': 'no-store' } });
  };
}
