// The supabase source with the real supabase-js client, against the stand-in over a fresh database:
// reads and RPCs under RLS, and the contract's errors as TaskError codes.
import { randomUUID } from 'node:crypto';
import { postgresAvailable } from '@unstuck/supabase-example';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskSource } from '../../src/sources/source';
import { createSupabaseSource } from '../../src/sources/supabase';
import { FAST_REALTIME, startSupabaseFixture, type SupabaseFixture } from './helpers/supabase-fixture';

const pgUp = await postgresAvailable();
if (!pgUp && process.env.UNSTUCK_REQUIRE_POSTGRES === '1') throw new Error('PostgreSQL is required (UNSTUCK_REQUIRE_POSTGRES=1) but unreachable');
if (!pgUp) console.log('supabase source tests skipped: PostgreSQL at 127.0.0.1:5432 is unreachable');

async function rejection(promise: Promise<unknown>): Promise<TaskError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskError);
  return error as TaskError;
}

describe.skipIf(!pgUp)('supabase source: reads and RPCs', () => {
  let fx: SupabaseFixture;
  let alice: TaskSource;
  let bob: TaskSource;

  beforeAll(async () => {
    fx = await startSupabaseFixture('hooks_src_supabase');
    alice = createSupabaseSource((await fx.signedIn()).client, { realtime: false });
    bob = createSupabaseSource((await fx.signedIn()).client, { realtime: false });
  });
  afterAll(async () => fx?.close());

  it('submits, reads back in one batch, and lists newest first', async () => {
    const first = await alice.submit('report', { n: 1 });
    const second = await alice.submit('report', { n: 2 });
    expect(first.created).toBe(true);
    expect(first.task.status).toBe('pending');
    expect(first.task.payload).toEqual({ n: 1 });
    const rows = await alice.fetchTasks([first.task.id, second.task.id]);
    expect(rows.map((row) => row.id).sort()).toEqual([first.task.id, second.task.id].sort());
    const listed = await alice.listTasks({ type: 'report', limit: 2 });
    expect(listed.map((row) => row.id)).toEqual([second.task.id, first.task.id]);
  });

  it('reads every id when maxIdsPerRequest is not a number (an unset environment variable), instead of none', async () => {
    const { client } = await fx.signedIn();
    const source = createSupabaseSource(client, { realtime: false, maxIdsPerRequest: Number(undefined) });
    const { task } = await source.submit('report', {});
    expect((await source.fetchTasks([task.id])).map((row) => row.id)).toEqual([task.id]);
  });

  it("keeps another user's task out of reach (absent, then not_found)", async () => {
    const { task } = await alice.submit('report', {});
    expect(await bob.fetchTasks([task.id])).toEqual([]);
    expect((await rejection(bob.cancel(task.id))).code).toBe('not_found');
    expect((await rejection(bob.retry(task.id))).code).toBe('not_found');
    // Like memory and http: the trail of a task the caller may not see is not_found, not an empty list.
    expect((await rejection(bob.fetchEvents(task.id))).code).toBe('not_found');
    expect((await rejection(alice.fetchEvents('00000000-0000-4000-8000-000000000000'))).code).toBe('not_found');
    expect((await alice.fetchTasks([task.id]))[0]?.status).toBe('pending');
  });

  it('cancels, reads the audit trail, and retries', async () => {
    const { task } = await alice.submit('report', {});
    const cancelled = await alice.cancel(task.id);
    expect(cancelled.status).toBe('cancelled');
    const events = await alice.fetchEvents(task.id);
    expect(events.map((event) => event.kind)).toEqual(['submitted', 'cancelled']);
    const retried = await alice.retry(task.id);
    expect(retried.created).toBe(true);
    expect(retried.task.retry_of).toBe(task.id);
    // idempotent per task: a second retry answers with the first one
    expect(await alice.retry(task.id)).toMatchObject({ created: false, reapedTaskId: null, task: { id: retried.task.id } });
  });

  it('finds the active task of an exclusive type, and submit returns it instead of a second one', async () => {
    const first = await alice.submit('image_generation', { prompt: 'a' });
    const again = await alice.submit('image_generation', { prompt: 'b' });
    expect(again.created).toBe(false);
    expect(again.task.id).toBe(first.task.id);
    expect((await alice.fetchActiveTask('image_generation'))?.id).toBe(first.task.id);
    expect(await bob.fetchActiveTask('image_generation')).toBeNull();
  });

  it('reads thresholds in milliseconds and the server clock', async () => {
    const thresholds = await alice.fetchThresholds();
    expect(thresholds.default).toMatchObject({ pendingWarnAfterMs: 600_000, pendingTimeoutMs: 1_800_000, maxRuntimeMs: 7_200_000 });
    const before = Date.now();
    const serverNow = await alice.serverTime();
    expect(Math.abs(serverNow - before)).toBeLessThan(5_000);
  });

  it('reads every type when one gives a worker no time at all to acknowledge a cancel (cancel_grace 0, which the table allows)', async () => {
    await fx.admin.query("insert into public.task_types (type, cancel_grace) values ('cancel_at_once', interval '0')");
    const thresholds = await alice.fetchThresholds();
    expect(thresholds.cancel_at_once).toMatchObject({ cancelGraceMs: 0, pendingTimeoutMs: 1_800_000 });
    // One zero must not cost the others: without them the hooks would judge `demo` (stuck after
    // 30 s) on the 30 min seed defaults.
    expect(thresholds.demo).toMatchObject({ pendingTimeoutMs: 30_000, cancelGraceMs: 15_000 });
  });

  it('leaves out only the type whose row is malformed, and says so in development', async () => {
    // A database whose own migration dropped the checks (or an interval this client cannot read):
    // the row is malformed for the client, the other types must still be read. Both checks refuse
    // a negative interval (task_types_bounded refuses any negative part); each is put back as it was.
    const { rows: checks } = await fx.admin.query<{ name: string; definition: string }>(
      `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
       where conrelid = 'public.task_types'::regclass and conname in ('task_types_positive', 'task_types_bounded')`,
    );
    expect(checks).toHaveLength(2);
    for (const { name } of checks) await fx.admin.query(`alter table public.task_types drop constraint ${name}`);
    await fx.admin.query("insert into public.task_types (type, max_runtime) values ('broken', interval '-1 hour')");
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const thresholds = await alice.fetchThresholds();
      expect(thresholds.broken).toBeUndefined();
      expect(thresholds.demo).toMatchObject({ pendingTimeoutMs: 30_000, cancelGraceMs: 15_000 });
      expect(thresholds.default).toMatchObject({ pendingWarnAfterMs: 600_000 });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]?.[0]).toMatch(/task type "broken"/);
    } finally {
      warn.mockRestore();
      await fx.admin.query("delete from public.task_types where type = 'broken'");
      for (const { name, definition } of checks) await fx.admin.query(`alter table public.task_types add constraint ${name} ${definition}`);
    }
  });

  it('maps the contract errors to TaskError codes', async () => {
    expect((await rejection(alice.submit('no_such_type', {}))).code).toBe('unknown_type');
    const tooLarge = await rejection(alice.submit('report', { blob: 'x'.repeat(70_000) }));
    expect(tooLarge.code).toBe('payload_too_large');
    expect(tooLarge.details.sqlstate).toBe('UT003');
    expect((await rejection(alice.cancel(randomUUID()))).code).toBe('not_found');
    expect((await rejection(alice.fetchTasks(['not-a-uuid']))).code).toBe('invalid_id');
    // Text PostgreSQL cannot store is the caller's to fix, not a server error to retry.
    const nul = await rejection(alice.submit('report', { note: 'a\u0000b' }));
    expect([nul.code, nul.retryable]).toEqual(['invalid_id', false]);
    const { task } = await alice.submit('report', {});
    const { attempt } = await fx.worker.claim(task.id);
    await fx.worker.complete(task.id, attempt);
    expect((await rejection(alice.retry(task.id))).code).toBe('illegal_state');
  });

  it('reports a call stuck behind a lock that is never released as a retryable server error, after the lock_timeout', async () => {
    const { task } = await alice.submit('report', {});
    // a transaction that took the row and went quiet (a hung worker, an idle admin session)
    const holder = new pg.Client({ connectionString: fx.db.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from public.tasks where id = $1 for update', [task.id]);
      const started = Date.now();
      const error = await rejection(alice.cancel(task.id));
      // 55P03 (lock_not_available, migration 0014), which PostgREST answers with a 500: the button
      // stops spinning with an error the user may simply send again.
      expect([error.code, error.retryable, error.details.sqlstate]).toEqual(['server', true, '55P03']);
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
  }, 15_000);

  it('refuses a payload that cannot be JSON (a cycle, Infinity, NaN, a Map or a Set) with invalid_id, creating nothing; a BigInt goes as its digits', async () => {
    const before = (await alice.listTasks({ limit: 1_000 })).length;
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = await rejection(alice.submit('report', cyclic));
    // Not `network`: the user would be told the task may have been created, and to check.
    expect([error.code, error.retryable]).toEqual(['invalid_id', false]);
    // Infinity and NaN would go as null: the task would run on a payload the app never sent.
    for (const payload of [{ size: Infinity }, { steps: [Number.NaN] }]) {
      expect(await rejection(alice.submit('report', payload))).toMatchObject({ code: 'invalid_id', retryable: false });
    }
    // A Map or a Set would go as {}: its entries lost.
    for (const [payload, where] of [[{ tags: new Set(['a']) }, 'payload.tags is a Set'], [{ sizes: [new Map([['w', 1]])] }, 'payload.sizes[0] is a Map'], [new Set(['a']), 'payload is a Set'], [[1, new Set()], 'payload[1] is a Set']] as const) {
      expect(await rejection(alice.submit('report', payload))).toMatchObject({ code: 'invalid_id', message: expect.stringContaining(where) });
    }
    expect((await alice.listTasks({ limit: 1_000 })).length).toBe(before);
    // supabase-js sends a BigInt as its decimal string; the other sources do the same.
    expect((await alice.submit('report', { n: 2n ** 64n })).task.payload).toEqual({ n: '18446744073709551616' });
  });

  it('says unauthorized when signed out, and network when the server is unreachable', async () => {
    const { client } = await fx.signedIn();
    await client.auth.signOut();
    const anonymous = createSupabaseSource(client, { realtime: false });
    expect((await rejection(anonymous.submit('report', {}))).code).toBe('unauthorized');
    const { createClient } = await import('@supabase/supabase-js');
    const nowhere = createClient('http://127.0.0.1:9', fx.standin.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: FAST_REALTIME,
    });
    const offline = await rejection(createSupabaseSource(nowhere, { realtime: false }).fetchTasks([randomUUID()]));
    expect(offline.code).toBe('network');
    expect(offline.retryable).toBe(true);
  });
});
