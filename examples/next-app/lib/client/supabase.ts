import type { TaskSource } from '@unstuck/task-hooks/core';

/**
 * Supabase mode: the browser talks to the project directly (PostgREST + Realtime) as an anonymous
 * user. Loaded on demand, so the default (PGlite) build does not ship supabase-js.
 */
export async function connectSupabase(config: { url: string; anonKey: string }): Promise<TaskSource> {
  const [{ createClient }, { createSupabaseSource }] = await Promise.all([
    import('@supabase/supabase-js'),
    import('@unstuck/task-hooks/supabase'),
  ]);
  const client = createClient(config.url, config.anonKey);
  const { data } = await client.auth.getSession();
  if (!data.session) {
    const { error } = await client.auth.signInAnonymously();
    if (error) throw new Error(`Anonymous sign-in failed: ${error.message}. Enable it under Authentication → Sign In / Providers.`);
  }
  return createSupabaseSource(client);
}
