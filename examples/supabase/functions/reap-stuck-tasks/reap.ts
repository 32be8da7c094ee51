// The reap-stuck-tasks Edge Function's logic, free of Deno and of supabase-js so that Node tests
// can run it against a real database: check the caller, run the reaper, answer JSON.

/** What `reap_stuck_tasks()` returns. */
export interface ReapCounts {
  pending_timeout: number;
  heartbeat_timeout: number;
  max_runtime: number;
  cancel_timeout: number;
}

export interface ReapDeps {
  /** Runs `select public.reap_stuck_tasks()` with service-role rights and returns its answer. */
  reap(): Promise<unknown>;
  /**
   * Bearer tokens that may trigger a reap: a shared secret for the scheduler (`REAPER_SECRET`)
   * and/or the service role key. Empty and undefined entries are ignored.
   */
  secrets: ReadonlyArray<string | undefined>;
}

const RULES = ['pending_timeout', 'heartbeat_timeout', 'max_runtime', 'cancel_timeout'] as const;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function failure(status: number, code: string, message: string, headers?: Record<string, string>): Response {
  return json(status, { error: { code, message } }, headers);
}

// Compares in time independent of where the strings differ, so a caller cannot guess the
// secret one character at a time from response times.
function sameSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i += 1) {
    diff |= (given.charCodeAt(i % Math.max(given.length, 1)) || 0) ^ expected.charCodeAt(i);
  }
  return diff === 0;
}

function asCounts(value: unknown): ReapCounts {
  const record = value as Record<string, unknown> | null;
  if (!record || typeof record !== 'object' || !RULES.every((rule) => typeof record[rule] === 'number')) {
    throw new Error(`reap_stuck_tasks answered ${JSON.stringify(value)}, not counts`);
  }
  return Object.fromEntries(RULES.map((rule) => [rule, record[rule]])) as unknown as ReapCounts;
}

/**
 * Handles one request: `POST` with `Authorization: Bearer <secret>` → 200
 * `{ counts, reaped }`; a missing or wrong token → 401; another method → 405; no secret
 * configured or a failing reaper → 500; every error as `{ error: { code, message } }`.
 * @example
 * Deno.serve((request) => handleReapRequest(request, { secrets: [Deno.env.get('REAPER_SECRET')], reap }));
 */
export async function handleReapRequest(request: Request, deps: ReapDeps): Promise<Response> {
  if (request.method !== 'POST') {
    return failure(405, 'method_not_allowed', 'use POST', { allow: 'POST' });
  }
  const secrets = deps.secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  if (secrets.length === 0) {
    return failure(500, 'server', 'no reaper secret configured (REAPER_SECRET or the service role key)');
  }
  const token = /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
  if (!secrets.some((secret) => sameSecret(token, secret))) {
    return failure(401, 'unauthorized', 'a valid bearer token is required');
  }
  try {
    const counts = asCounts(await deps.reap());
    const reaped = RULES.reduce((sum, rule) => sum + counts[rule], 0);
    return json(200, { counts, reaped });
  } catch (error) {
    return failure(500, 'server', error instanceof Error ? error.message : String(error));
  }
}
