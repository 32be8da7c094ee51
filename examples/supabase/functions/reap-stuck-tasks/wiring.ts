// The Edge Function's wiring, apart from Deno so that Node tests run it with the real supabase-js:
// the environment and supabase-js's createClient in, the handler's dependencies out.
import type { ReapDeps } from './reap.ts';

/** Reads one environment variable (`Deno.env.get` in the function). */
export type ReadEnv = (name: string) => string | undefined;

/** The part of a supabase-js client the reaper uses. */
export interface RpcClient {
  rpc(fn: 'reap_stuck_tasks'): PromiseLike<{ data: unknown; error: { message: string } | null }>;
}

/** supabase-js's `createClient`, as far as the reaper calls it. */
export type CreateRpcClient = (
  url: string,
  key: string,
  options: { auth: { persistSession: boolean; autoRefreshToken: boolean } },
) => RpcClient;

const REQUIRED = ['SUPABASE_URL', 'SUPABASE_SERVICE_ROLE_KEY'] as const;

/**
 * The handler's dependencies from the function's environment: `SUPABASE_URL` and
 * `SUPABASE_SERVICE_ROLE_KEY` (set by Supabase) to call the reaper, `REAPER_SECRET` and the service
 * role key as the tokens a caller may present.
 *
 * The client is created at the first authorised call, not at start: createClient throws without a
 * URL or a key, and a function that throws at start never answers, so the scheduler saw only the
 * platform's "failed to start" error and an unauthenticated caller the same. Missing variables are
 * named in the handler's 500 answer instead, after the token check.
 */
export function reapDepsFromEnv(env: ReadEnv, createClient: CreateRpcClient): ReapDeps {
  const serviceRoleKey = env('SUPABASE_SERVICE_ROLE_KEY');
  let supabase: RpcClient | undefined;
  const client = (): RpcClient => {
    const missing = REQUIRED.filter((name) => !env(name));
    if (missing.length > 0) {
      throw new Error(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: the function cannot call reap_stuck_tasks`);
    }
    supabase ??= createClient(env('SUPABASE_URL') ?? '', serviceRoleKey ?? '', {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    return supabase;
  };
  return {
    secrets: [env('REAPER_SECRET'), serviceRoleKey],
    reap: async () => {
      const { data, error } = await client().rpc('reap_stuck_tasks');
      if (error) throw new Error(`reap_stuck_tasks failed: ${error.message}`);
      return data;
    },
  };
}
