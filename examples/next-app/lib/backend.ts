/**
 * Which backend this instance talks to, decided by environment variables the server reads at
 * request time (so one build serves every backend; the root layout hands the Supabase settings to
 * the browser, which is why they are not `NEXT_PUBLIC_*`, whose values a build freezes):
 * - `SUPABASE_URL` + `SUPABASE_ANON_KEY`: the browser talks to Supabase directly;
 * - `DATABASE_URL`: the server uses that PostgreSQL;
 * - neither: the server uses embedded PGlite in `.data/`.
 */
export type Backend = 'supabase' | 'postgres' | 'pglite';

export function supabaseConfig(): { url: string; anonKey: string } | null {
  const url = process.env.SUPABASE_URL;
  const anonKey = process.env.SUPABASE_ANON_KEY;
  return url && anonKey ? { url, anonKey } : null;
}

export function backend(): Backend {
  if (supabaseConfig()) return 'supabase';
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

export function backendLabel(): string {
  const labels: Record<Backend, string> = {
    supabase: 'Backend: Supabase',
    postgres: 'Backend: PostgreSQL',
    pglite: 'Backend: embedded PGlite',
  };
  return labels[backend()];
}
