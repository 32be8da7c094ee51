// The same shim and migrations in PGlite (PostgreSQL in WebAssembly), which runs where no
// PostgreSQL server does: the core life cycle, the guard, RLS, grants and the reaper.
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backdateTask, createPGliteDatabase, withService, withUser } from '../src/index';
import { ALICE, BOB, failure, type Admission, type TaskJson } from './support';

describe('the migrations on PGlite', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await createPGliteDatabase();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  async function asUser<T>(userId: string, sql: string, params: unknown[] = []): Promise<T> {
    const result = await withUser(db, userId, (c) => c.query<{ r: T }>(`select ${sql} as r`, params));
    return result.rows[0]!.r;
  }
  async function asService<T>(sql: string, params: unknown[] = []): Promise<T> {
    const result = await withService(db, (c) => c.query<{ r: T }>(`select ${sql} as r`, params));
    return result.rows[0]!.r;
  }
  async function status(id: string): Promise<string> {
    return (await db.query<{ status: string }>('select status from public.tasks where id = $1', [id])).rows[0]!.status;
  }

  it('runs a task from submit to completion, with its events', async () => {
    const { task, created } = await asUser<Admission>(ALICE, "public.submit_task('report', '{\"n\":1}')");
    expect(created).toBe(true);
    const claimed = await asService<TaskJson>('public.claim_task($1)', [task.id]);
    expect(claimed).toMatchObject({ status: 'processing', attempt: 1 });
    expect(await asService('public.heartbeat_task($1, 1, 0.5)', [task.id])).toEqual({
      accepted: true,
      keep_going: true,
      reason: null,
    });
    expect(await asService('public.complete_task($1, 1)', [task.id])).toEqual({ accepted: true, reason: null });
    expect(await status(task.id)).toBe('completed');
    const events = await withUser(db, ALICE, (c) =>
      c.query<{ kind: string; actor: string }>('select kind, actor from public.task_events where task_id = $1 order by id', [task.id]),
    );
    expect(events.rows).toEqual([
      { kind: 'submitted', actor: 'user' },
      { kind: 'claimed', actor: 'worker' },
      { kind: 'completed', actor: 'worker' },
    ]);
  });

  it('cancels, refuses illegal transitions and keeps finished tasks final', async () => {
    const { task } = await asUser<Admission>(ALICE, "public.submit_task('report')");
    expect(await asUser<TaskJson>(ALICE, 'public.request_task_cancel($1)', [task.id])).toMatchObject({
      status: 'cancelled',
    });
    const error = await failure(db.query("update public.tasks set status = 'processing' where id = $1", [task.id]));
    expect(error.code).toBe('UT005');
  });

  it('enforces RLS and the worker grants', async () => {
    const { task } = await asUser<Admission>(ALICE, "public.submit_task('image_generation')");
    const seen = await withUser(db, BOB, (c) => c.query('select id from public.tasks where id = $1', [task.id]));
    expect(seen.rows).toEqual([]);
    expect((await failure(asUser(BOB, 'public.request_task_cancel($1)', [task.id]))).code).toBe('UT001');
    expect((await failure(asUser(ALICE, 'public.claim_task($1)', [task.id]))).code).toBe('42501');
    const again = await asUser<Admission>(ALICE, "public.submit_task('image_generation')");
    expect(again).toMatchObject({ created: false });
    expect(again.task.id).toBe(task.id);
  });

  it('reaps a back-dated task and fences its zombie worker', async () => {
    const { task } = await asUser<Admission>(BOB, "public.submit_task('report')");
    await asService('public.claim_task($1)', [task.id]);
    await backdateTask(db, task.id, { started_at: '21 minutes' });
    expect(await asService('public.reap_stuck_tasks()')).toEqual({
      pending_timeout: 0,
      heartbeat_timeout: 1,
      max_runtime: 0,
      cancel_timeout: 0,
    });
    expect(await asService('public.complete_task($1, 1)', [task.id])).toEqual({ accepted: false, reason: 'not_active' });
    expect(await status(task.id)).toBe('failed');
  });
});
