import { TaskError } from '@unstuck/task-hooks/core';
import { MAX_BODY_DEPTH } from '@unstuck/task-hooks/server';
import type { TestDatabase } from '@unstuck/supabase-example';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startChangeFeed, type ChangeFeed } from '../../lib/server/change-feed';
import type { Database } from '../../lib/server/db/database';
import { openPostgresDatabase } from '../../lib/server/db/postgres';
import { ensureSchema } from '../../lib/server/db/schema';
import { seedDemoTypes } from '../../lib/server/seed';
import { createDbTaskSource } from '../../lib/server/task-source';
import { nextAppDatabase, postgresMissingReason } from './pg';

// The server layer against a real PostgreSQL (DATABASE_URL mode): the per-user task source
// under RLS and the change feed's hints. One throwaway database of our own for the file.
const missing = await postgresMissingReason();
if (missing) console.warn(`[next-app] server suite skipped: ${missing}`);

const ALICE = '0a11ce00-0000-4000-8000-000000000001';
const BOB = '0b0b0000-0000-4000-8000-000000000002';

let testDb: TestDatabase;
let db: Database;
let feed: ChangeFeed;

beforeAll(async () => {
  if (missing) return;
  testDb = await nextAppDatabase('source');
  db = await openPostgresDatabase(testDb.url);
  expect(await ensureSchema(db)).toBe('present'); // the template already has the migrations
  await seedDemoTypes(db);
  feed = await startChangeFeed(db);
});

afterAll(async () => {
  await feed?.close();
  await db?.close();
  await testDb?.drop();
});

describe.skipIf(!!missing)('task source of one user (PostgreSQL, RLS)', () => {
  test("a user sees and acts on their own task; another user's is not found", async () => {
    const alice = createDbTaskSource(db, ALICE, feed);
    const bob = createDbTaskSource(db, BOB, feed);
    const { task, created } = await alice.submit('demo_report', { scenario: 'crash_before_pickup' });
    expect(created).toBe(true);
    expect(await alice.fetchTasks([task.id])).toMatchObject([{ id: task.id, status: 'pending', user_id: ALICE }]);
    expect(await bob.fetchTasks([task.id])).toEqual([]);
    expect(await bob.listTasks()).toEqual([]);
    await expect(bob.cancel(task.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(bob.retry(task.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(bob.fetchEvents(task.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await alice.fetchEvents(task.id)).length).toBeGreaterThan(0);
    expect(await alice.cancel(task.id)).toMatchObject({ id: task.id, status: 'cancelled' }); // pending: cancelled at once
  });

  test('thresholds come from the seeded task_types rows; bad input is a typed error', async () => {
    const alice = createDbTaskSource(db, ALICE);
    expect((await alice.fetchThresholds()).demo_image).toMatchObject({ pendingWarnAfterMs: 3000, heartbeatTimeoutMs: 8000 });
    await expect(alice.fetchTasks(['not-a-uuid'])).rejects.toBeInstanceOf(TaskError);
    await expect(alice.submit('no_such_type', {})).rejects.toMatchObject({ code: 'unknown_type' });
    expect(Math.abs((await alice.serverTime()) - Date.now())).toBeLessThan(5_000);
  });

  test('text PostgreSQL cannot store (a NUL character) is invalid_id, not a server error, and writes nothing', async () => {
    const carol = '0c0c0000-0000-4000-8000-000000000003';
    const source = createDbTaskSource(db, carol);
    const refused = [
      () => source.submit('demo_report', { note: 'a\u0000b' }), // jsonb refuses \u0000 (22P05)
      () => source.submit('demo_report', { 'a\u0000b': 1 }),
      () => source.submit('demo_\u0000report', {}), // text refuses the byte 0x00 (22021)
      () => source.fetchActiveTask('demo_\u0000report'),
      () => source.listTasks({ type: 'demo_\u0000report' }),
    ];
    for (const call of refused) await expect(call()).rejects.toMatchObject({ code: 'invalid_id', details: { sqlstate: expect.stringMatching(/^(22P05|22021)$/) } });
    expect(await source.listTasks()).toEqual([]);
  });

  // Through the API the contract's handler refuses this before the source is called; a server-side
  // caller (a server action, a cron job) reaches the source directly, where JSON.stringify would
  // run out of stack (a 500 `server` error) a few thousand levels down.
  test('a payload nested deeper than the handler allows is invalid_id from the source itself, and nothing is stored', async () => {
    const source = createDbTaskSource(db, '0c0c0000-0000-4000-8000-000000000006');
    const nested = (levels: number): unknown => {
      let value: unknown = 1;
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    for (const levels of [MAX_BODY_DEPTH, 5_000]) {
      const error = await source.submit('demo_report', { scenario: 'succeeds', deep: nested(levels) }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(TaskError);
      expect(error).toMatchObject({ code: 'invalid_id', message: expect.stringContaining(`nests deeper than ${MAX_BODY_DEPTH} levels`) });
    }
    expect(await source.listTasks()).toEqual([]);
    // The handler's own limit, no stricter: its deepest accepted body is accepted here too (the 1
    // is MAX_BODY_DEPTH levels into `payload`).
    const { task } = await source.submit('demo_report', { scenario: 'crash_before_pickup', deep: nested(MAX_BODY_DEPTH - 1) });
    expect(task.payload).toMatchObject({ scenario: 'crash_before_pickup' });
  });

  test('a payload JSON text cannot carry (1e400 parsed to Infinity, NaN) is invalid_id, and nothing is stored', async () => {
    const source = createDbTaskSource(db, '0c0c0000-0000-4000-8000-000000000005');
    const refused = [
      JSON.parse('{"scenario":"succeeds","size":1e400}'), // stored as {"size": null} before
      JSON.parse('{"scenario":"succeeds","steps":[1,-1e400]}'),
      { scenario: 'succeeds', ratio: Number.NaN },
    ];
    for (const payload of refused) {
      const error = await source.submit('demo_report', payload).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(TaskError);
      expect(error).toMatchObject({ code: 'invalid_id', message: expect.stringMatching(/^payload/) });
    }
    expect(await source.listTasks()).toEqual([]);
    const { task } = await source.submit('demo_report', { scenario: 'crash_before_pickup', size: 1e300, nested: [[[{ a: -0.5 }]]] });
    expect(task.payload).toEqual({ scenario: 'crash_before_pickup', size: 1e300, nested: [[[{ a: -0.5 }]]] });
  });

  test('listTasks takes a limit from 1 to 1000 as every source does, and refuses another one', async () => {
    const source = createDbTaskSource(db, '0c0c0000-0000-4000-8000-000000000004');
    for (const limit of [0, -1, 1001, 2.5, Number.NaN]) {
      await expect(source.listTasks({ limit }), String(limit)).rejects.toMatchObject({ code: 'invalid_id' });
    }
    expect(await source.listTasks({ limit: 1000 })).toEqual([]);
    expect(await source.listTasks({ limit: 1 })).toEqual([]);
  });

  test('the change feed tells its streams when LISTEN is lost (polling) and when it listens again (realtime)', async () => {
    const states: string[] = [];
    const hints: string[] = [];
    // Bob's: Alice's exclusive demo_image task belongs to the next test.
    const stop = createDbTaskSource(db, BOB, feed).subscribe!({
      onHint: (ids) => hints.push(...(ids === 'all' ? ['all'] : ids)),
      onConnection: (state) => states.push(state),
    });
    try {
      expect(states).toEqual(['realtime']);
      // What a database restart or a dropped connection does to the one LISTEN connection.
      const [ended] = await db.asOwner((sql) =>
        sql.query<{ ok: boolean }>(
          "select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and query ilike 'listen %'",
        ),
      );
      expect(ended?.ok).toBe(true);
      await expect.poll(() => states, { timeout: 5_000 }).toEqual(['realtime', 'polling', 'realtime']);
      // Listening again for real: a new change is hinted.
      const { task } = await createDbTaskSource(db, BOB).submit('demo_image', { scenario: 'crash_before_pickup' });
      await expect.poll(() => hints, { timeout: 5_000 }).toContain(task.id);
    } finally {
      stop();
    }
  });

  test("the change feed hints each stream about its own user's tasks only", async () => {
    const hints = { alice: [] as string[], bob: [] as string[] };
    const stops = (['alice', 'bob'] as const).map((who) =>
      createDbTaskSource(db, who === 'alice' ? ALICE : BOB, feed).subscribe!({
        onHint: (ids) => hints[who].push(...ids),
        onConnection: () => undefined,
      }),
    );
    try {
      const { task } = await createDbTaskSource(db, ALICE).submit('demo_image', { scenario: 'crash_before_pickup' });
      await expect.poll(() => hints.alice, { timeout: 5_000 }).toContain(task.id);
      // A bare-id notice (no owner named) is checked under RLS: still only Alice hears of it.
      feed.publish([{ id: task.id, userId: null, status: null }]);
      await expect.poll(() => hints.alice.filter((id) => id === task.id).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
      expect(hints.bob).toEqual([]);
    } finally {
      stops.forEach((stop) => stop());
    }
  });
});
