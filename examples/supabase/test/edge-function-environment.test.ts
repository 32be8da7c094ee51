// The reap-stuck-tasks Edge Function's wiring (wiring.ts, what index.ts hands Deno.env and
// supabase-js to) with the real supabase-js client: a missing variable or an unreachable project
// is a 500 JSON answer saying what is wrong, after the caller's token was checked.
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { handleReapRequest } from '../functions/reap-stuck-tasks/reap';
import { reapDepsFromEnv, type CreateRpcClient } from '../functions/reap-stuck-tasks/wiring';

const SECRET = 'scheduler-secret-123';
const SERVICE_KEY = 'service-role-key-456';
// Nothing listens on the discard port here: a project that cannot be reached.
const UNREACHABLE_URL = 'http://127.0.0.1:9';

// Node 20 has no global WebSocket, which supabase-js's realtime client wants at creation
// (Deno has one); the reaper never opens a channel.
const supabaseClient: CreateRpcClient = (url, key, options) =>
  createClient(url, key, { ...options, realtime: { transport: WebSocket as never } });

function env(vars: Record<string, string>) {
  return (name: string) => vars[name];
}

function post(token: string): Request {
  return new Request('http://functions.local/reap-stuck-tasks', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
}

async function answer(vars: Record<string, string>, token: string) {
  const response = await handleReapRequest(post(token), reapDepsFromEnv(env(vars), supabaseClient));
  return { status: response.status, body: await response.json() };
}

describe('reap-stuck-tasks wiring: its environment', () => {
  it('answers 500 naming SUPABASE_URL when it is not set, instead of failing to start', async () => {
    const vars = { SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY, REAPER_SECRET: SECRET };
    expect(await answer(vars, SECRET)).toEqual({
      status: 500,
      body: { error: { code: 'server', message: expect.stringMatching(/^SUPABASE_URL is not set/) } },
    });
  });

  it('answers 500 naming SUPABASE_SERVICE_ROLE_KEY when only REAPER_SECRET is set', async () => {
    const vars = { SUPABASE_URL: UNREACHABLE_URL, REAPER_SECRET: SECRET };
    expect(await answer(vars, SECRET)).toEqual({
      status: 500,
      body: { error: { code: 'server', message: expect.stringMatching(/^SUPABASE_SERVICE_ROLE_KEY is not set/) } },
    });
  });

  it('answers 500 "no reaper secret configured" when neither token is set', async () => {
    const { status, body } = await answer({ SUPABASE_URL: UNREACHABLE_URL }, 'anything');
    expect(status).toBe(500);
    expect(body.error.message).toMatch(/^no reaper secret configured/);
  });

  it('still answers 401 to a wrong token while a variable is missing', async () => {
    const { status, body } = await answer({ REAPER_SECRET: SECRET }, 'wrong');
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthorized');
  });

  it('answers 500 "reap_stuck_tasks failed" when the project cannot be reached', async () => {
    const vars = { SUPABASE_URL: UNREACHABLE_URL, SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY };
    const { status, body } = await answer(vars, SERVICE_KEY);
    expect(status).toBe(500);
    expect(body.error.message).toMatch(/^reap_stuck_tasks failed: .*fetch failed/);
  });
});
