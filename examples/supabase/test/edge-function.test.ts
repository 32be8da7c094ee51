// The reap-stuck-tasks Edge Function's handler, run under Node against the real database (the
// Deno wrapper in index.ts only wires environment variables and supabase-js to it).
import { describe, expect, it } from 'vitest';
import { handleReapRequest, type ReapDeps } from '../functions/reap-stuck-tasks/reap';
import { backdateTask } from '../src/index';
import { ALICE, asService, noPostgres, readTask, submit, useTestDatabase } from './support';

const SECRET = 'scheduler-secret-123';
const SERVICE_KEY = 'service-role-key-456';

function post(token?: string): Request {
  return new Request('http://functions.local/reap-stuck-tasks', {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

describe('reap-stuck-tasks handler: requests it refuses', () => {
  const deps: ReapDeps = {
    secrets: [SECRET, SERVICE_KEY],
    reap: () => Promise.reject(new Error('must not be called')),
  };

  it('answers 401 JSON without a token or with a wrong one', async () => {
    for (const token of [undefined, 'nope', `${SECRET}x`, SECRET.slice(0, -1)]) {
      const response = await handleReapRequest(post(token), deps);
      expect(response.status, String(token)).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('answers 405 to anything but POST', async () => {
    const response = await handleReapRequest(new Request('http://functions.local/', { method: 'GET' }), deps);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 500 when no secret is configured, rather than letting anyone in', async () => {
    const response = await handleReapRequest(post(''), { ...deps, secrets: [undefined, ''] });
    expect(response.status).toBe(500);
  });

  it('answers 500 JSON when the reaper fails or answers nonsense', async () => {
    const failing = await handleReapRequest(post(SECRET), {
      ...deps,
      reap: () => Promise.reject(new Error('connection refused')),
    });
    expect(failing.status).toBe(500);
    expect(await failing.json()).toEqual({ error: { code: 'server', message: 'connection refused' } });
    const nonsense = await handleReapRequest(post(SECRET), { ...deps, reap: async () => ({ reaped: 'yes' }) });
    expect(nonsense.status).toBe(500);
  });
});

describe.skipIf(noPostgres)('reap-stuck-tasks handler against PostgreSQL', () => {
  const t = useTestDatabase('edgefn');
  const reap = () => asService(t.admin, 'public.reap_stuck_tasks()');

  it('reaps with the shared secret or the service role key and answers the counts', async () => {
    const { task } = await submit(t.admin, ALICE, 'report');
    await backdateTask(t.admin, task.id, '31 minutes');
    const response = await handleReapRequest(post(SECRET), { secrets: [SECRET, SERVICE_KEY], reap });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      counts: { pending_timeout: 1, heartbeat_timeout: 0, max_runtime: 0, cancel_timeout: 0 },
      reaped: 1,
    });
    expect((await readTask(t.admin, task.id)).error_code).toBe('pending_timeout');
    const again = await handleReapRequest(post(SERVICE_KEY), { secrets: [SECRET, SERVICE_KEY], reap });
    expect(await again.json()).toMatchObject({ reaped: 0 });
  });
});
