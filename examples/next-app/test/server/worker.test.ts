import type { TestDatabase } from '@unstuck/supabase-example';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Database } from '../../lib/server/db/database';
import { openPostgresDatabase } from '../../lib/server/db/postgres';
import { seedDemoTypes } from '../../lib/server/seed';
import { createDbTaskSource } from '../../lib/server/task-source';
import { startSimulatedWorker, type SimulatedWorker } from '../../lib/server/worker/worker';
import { nextAppDatabase, postgresMissingReason } from './pg';

// The demo's simulated worker over a long run, against a real PostgreSQL: what it remembers of
// tasks must not outlive them, and tasks nobody will ever claim must not hide the others from it.
const missing = await postgresMissingReason();
if (missing) console.warn(`[next-app] worker suite skipped: ${missing}`);

let testDb: TestDatabase;
let db: Database;
let worker: SimulatedWorker | undefined;

beforeAll(async () => {
  if (missing) return;
  testDb = await nextAppDatabase('worker');
  db = await openPostgresDatabase(testDb.url);
  await seedDemoTypes(db);
});
afterEach(() => {
  worker?.stop();
  worker = undefined;
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const user = (n: number) => `0d0d0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const quiet = { info: () => undefined, error: () => undefined } as unknown as Console;

describe.skipIf(!!missing)('the simulated worker', () => {
  test('forgets a task once its run is over: a demo running for days holds only the tasks in hand', async () => {
    worker = startSimulatedWorker(db, ['demo_report'], quiet);
    const sources = [1, 2, 3].map((n) => createDbTaskSource(db, user(n)));
    const tasks = await Promise.all(sources.map((s) => s.submit('demo_report', { scenario: 'succeeds' })));
    worker.wake();
    // Seen, and waiting out its pick-up delay (700 ms): the owner cancels it meanwhile, so its
    // claim finds nothing and the run is over.
    await expect.poll(() => worker!.tracking, { timeout: 3_000 }).toBe(3);
    await Promise.all(tasks.map(({ task }, i) => sources[i]!.cancel(task.id)));
    await expect.poll(() => worker!.tracking, { timeout: 3_000 }).toBe(0);
  });

  test('twenty tasks nobody claims do not hide a newer one from it', async () => {
    // "Crashes before pick-up" tasks stay pending until the reaper (not running here) ends them.
    for (let n = 10; n < 30; n += 1) {
      await createDbTaskSource(db, user(n)).submit('demo_image', { scenario: 'crash_before_pickup' });
    }
    const alice = createDbTaskSource(db, user(99));
    const { task } = await alice.submit('demo_image', { scenario: 'succeeds' });
    worker = startSimulatedWorker(db, ['demo_image'], quiet);
    await expect
      .poll(async () => (await alice.fetchTasks([task.id]))[0]?.status, { timeout: 5_000 })
      .toBe('processing');
    expect(worker.tracking).toBe(1); // the never-claimed ones are not held either
  });
});

describe.skipIf(!!missing)('the simulated worker behind a row lock held for a while', () => {
  // A transaction holds the task's row past the worker RPCs' lock_timeout (2 s, migration 0016):
  // the heartbeat fails with 55P03 and nothing written. The worker must send it again rather than
  // drop the job, or a live task is reaped for heartbeat_timeout: the very thing 0016 prevents.
  test('sends the heartbeat again and completes the task, instead of abandoning it', async () => {
    const [holder, observer] = [new pg.Client(testDb.url), new pg.Client(testDb.url)];
    await Promise.all([holder.connect(), observer.connect()]);
    try {
      const log = { info: vi.fn(), error: vi.fn() };
      worker = startSimulatedWorker(db, ['demo_report'], log as unknown as Console);
      const alice = createDbTaskSource(db, user(40));
      const { task } = await alice.submit('demo_report', { scenario: 'succeeds' });
      const status = async () => (await alice.fetchTasks([task.id]))[0]?.status;
      await expect.poll(status, { timeout: 5_000, interval: 20 }).toBe('processing');
      await holder.query('begin');
      await holder.query('select 1 from public.tasks where id = $1 for update', [task.id]);
      // The worker's next heartbeat (within a second) queues behind the lock: keep it 2.5 s from
      // then, so that attempt times out (2 s) and a retry is what gets through.
      const waiting = async () =>
        (await observer.query(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        )).rows[0].n;
      await expect.poll(waiting, { timeout: 3_000, interval: 20 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await holder.query('commit');
      await expect.poll(status, { timeout: 15_000, interval: 100 }).toBe('completed');
      expect(log.error).not.toHaveBeenCalled();
    } finally {
      await holder.query('rollback').catch(() => undefined);
      await Promise.all([holder.end(), observer.end()]);
    }
  }, 30_000);
});

describe.skipIf(!!missing)('the simulated worker when its scan for pending tasks fails', () => {
  // The scan's connection dropped mid-query (a restart, a failover): that scan fails, and the next
  // one, half a second later on the worker's own timer, must still find the task. No retry inside
  // the scan is needed for that, and none would be safer: the timer is the retry.
  test('scans again on its timer and starts the task: no crash, no scan left stuck', async () => {
    const [holder, admin] = [new pg.Client(testDb.url), new pg.Client(testDb.url)];
    await Promise.all([holder.connect(), admin.connect()]);
    try {
      const alice = createDbTaskSource(db, user(50));
      const { task } = await alice.submit('demo_report', { scenario: 'succeeds' });
      // The worker's first scan waits behind a table lock, so that its connection can be killed mid-query.
      await holder.query('begin');
      await holder.query('lock table public.tasks in access exclusive mode');
      const log = { info: vi.fn(), error: vi.fn() };
      worker = startSimulatedWorker(db, ['demo_report'], log as unknown as Console);
      const killWaitingScan = async () =>
        (await admin.query(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%status = ''pending''%' and pg_terminate_backend(pid)",
        )).rows[0].n;
      await expect.poll(killWaitingScan, { timeout: 3_000, interval: 20 }).toBe(1);
      await expect.poll(() => log.error.mock.calls.length, { timeout: 3_000, interval: 20 }).toBeGreaterThan(0);
      expect(String(log.error.mock.calls[0]?.[0])).toContain('worker scan failed');
      await holder.query('commit');
      await expect.poll(async () => (await alice.fetchTasks([task.id]))[0]?.status, { timeout: 5_000, interval: 50 }).toBe('processing');
    } finally {
      await holder.query('rollback').catch(() => undefined);
      await Promise.all([holder.end(), admin.end()]);
    }
  }, 20_000);
});
