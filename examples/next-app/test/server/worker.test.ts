import type { TestDatabase } from '@unstuck/supabase-example';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
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
