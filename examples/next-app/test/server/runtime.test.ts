import type { TestDatabase } from '@unstuck/supabase-example';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { nextAppDatabase, postgresMissingReason } from './pg';

// The server runtime's start (lib/server/runtime.ts) against a real PostgreSQL: a start that
// fails half-way must stop what it had started, since the next request starts everything again.
const missing = await postgresMissingReason();
if (missing) console.warn(`[next-app] runtime suite skipped: ${missing}`);

const reaper = vi.hoisted(() => ({ failures: 0 }));
vi.mock('../../lib/server/reaper-schedule', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../lib/server/reaper-schedule')>();
  return {
    ...actual,
    async startReaper(...args: Parameters<typeof actual.startReaper>) {
      // What a pg_cron the app's role may not use does to the last step of the start.
      if (reaper.failures > 0) {
        reaper.failures -= 1;
        throw new Error('simulated: permission denied for schema cron');
      }
      return actual.startReaper(...args);
    },
  };
});

let testDb: TestDatabase;
let admin: pg.Client;

beforeAll(async () => {
  if (missing) return;
  testDb = await nextAppDatabase('runtime');
  admin = new pg.Client({ connectionString: testDb.url });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await testDb?.drop();
});

/** Connections of the app's pools to the test database (not the admin's own). */
async function appConnections(): Promise<{ all: number; listening: number }> {
  const { rows } = await admin.query<{ all: number; listening: number }>(
    `select count(*)::int as all, count(*) filter (where query ilike 'listen %')::int as listening
     from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
  );
  return rows[0]!;
}

describe.skipIf(!!missing)('the runtime start', () => {
  test('a start that fails half-way leaves nothing running: the retry runs one worker, one LISTEN, one pool', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.stubEnv('DATABASE_URL', testDb.url);
    const { getRuntime } = await import('../../lib/server/runtime');
    reaper.failures = 1;
    await expect(getRuntime()).rejects.toThrow(/permission denied for schema cron/);
    // The API answers such a failure with a general `server` error (taskSourceFor): the log is
    // the only place that says what went wrong.
    expect(logged.mock.calls.map((call) => call.join(' ')).join('\n')).toMatch(/start failed[^]*permission denied for schema cron/);
    // Everything the failed start opened is closed again: its pool and LISTEN connection too.
    await expect.poll(appConnections, { timeout: 5_000 }).toEqual({ all: 0, listening: 0 });
    const runtime = await getRuntime();
    try {
      expect((await appConnections()).listening).toBe(1);
    } finally {
      await runtime.stop();
      vi.unstubAllEnvs();
    }
  });
});
