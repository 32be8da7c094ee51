// Every status transition the contract allows happens through the functions; every other one is
// refused by the guard trigger, even for a superuser writing the table directly.
import { describe, expect, it } from 'vitest';
import {
  ALICE,
  asService,
  asUser,
  claim,
  failure,
  noPostgres,
  readTask,
  runningTask,
  submit,
  useTestDatabase,
  type TaskJson,
} from './support';
import { backdateTask } from '../src/index';

const STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled'] as const;
type Status = (typeof STATUSES)[number];
const LEGAL: Record<Status, Status[]> = {
  pending: ['processing', 'cancelled', 'failed'],
  processing: ['completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

describe.skipIf(noPostgres)('task transitions on PostgreSQL', () => {
  const t = useTestDatabase('transitions');

  /** A task of ALICE's in `status`, reached through the contract's functions. */
  async function taskIn(status: Status): Promise<TaskJson> {
    if (status === 'pending') return (await submit(t.admin, ALICE, 'report')).task;
    const task = await runningTask(t.admin, ALICE);
    if (status === 'completed') await asService(t.admin, 'public.complete_task($1, 1)', [task.id]);
    if (status === 'failed') await asService(t.admin, 'public.fail_task($1, 1)', [task.id]);
    if (status === 'cancelled') {
      await asUser(t.admin, ALICE, 'public.request_task_cancel($1)', [task.id]);
      await asService(t.admin, 'public.ack_task_cancel($1, 1)', [task.id]);
    }
    return readTask(t.admin, task.id);
  }

  it('pending → processing by a claim: attempt 1, started_at from the database clock', async () => {
    const { task } = await submit(t.admin, ALICE, 'report');
    const claimed = await claim(t.admin, task.id);
    expect(claimed).toMatchObject({ status: 'processing', attempt: 1 });
    expect(claimed?.started_at).not.toBeNull();
    expect(await claim(t.admin, task.id)).toBeNull(); // a second claim gets nothing
  });

  it('pending → cancelled at once by the owner', async () => {
    const { task } = await submit(t.admin, ALICE, 'report');
    const after = await asUser<TaskJson>(t.admin, ALICE, 'public.request_task_cancel($1)', [task.id]);
    expect(after).toMatchObject({ status: 'cancelled', error_code: 'cancelled' });
    expect(after.finished_at).not.toBeNull();
  });

  it('pending → failed by the reaper (pending_timeout)', async () => {
    const { task } = await submit(t.admin, ALICE, 'report');
    await backdateTask(t.admin, task.id, '31 minutes');
    await asService(t.admin, 'public.reap_stuck_tasks()');
    expect(await readTask(t.admin, task.id)).toMatchObject({ status: 'failed', error_code: 'pending_timeout' });
  });

  it('processing → processing: heartbeats record progress while active', async () => {
    const task = await runningTask(t.admin, ALICE);
    const answer = await asService(t.admin, "public.heartbeat_task($1, 1, 0.25, 'a quarter')", [task.id]);
    expect(answer).toEqual({ accepted: true, keep_going: true, reason: null });
    expect(await readTask(t.admin, task.id)).toMatchObject({ status: 'processing', progress: 0.25 });
  });

  it('a heartbeat with a long progress message is still recorded, its message cut as fail_task cuts its own', async () => {
    const task = await runningTask(t.admin, ALICE);
    await backdateTask(t.admin, task.id, { started_at: '10 minutes', heartbeat_at: '10 minutes' });
    const answer = await asService(t.admin, 'public.heartbeat_task($1, 1, 0.5, $2)', [task.id, 'x'.repeat(5000)]);
    expect(answer).toEqual({ accepted: true, keep_going: true, reason: null });
    const row = (await readTask(t.admin, task.id)) as TaskJson & { progress_message: string };
    expect(row).toMatchObject({ status: 'processing', progress: 0.5 });
    expect(row.progress_message).toBe('x'.repeat(2000));
    expect(Date.now() - Date.parse(row.heartbeat_at ?? '')).toBeLessThan(60_000); // the beat counted
  });

  it('processing → completed, failed, cancelled through the worker functions', async () => {
    const done = await taskIn('completed');
    expect(done).toMatchObject({ status: 'completed', progress: 1 });
    const failed = await taskIn('failed');
    expect(failed).toMatchObject({ status: 'failed', error_code: 'worker_error' });
    const cancelled = await taskIn('cancelled');
    expect(cancelled).toMatchObject({ status: 'cancelled', error_code: 'cancelled' });
    for (const row of [done, failed, cancelled]) expect(row.finished_at).not.toBeNull();
  });

  it('a cancel request on a processing task keeps it processing and tells the worker', async () => {
    const task = await runningTask(t.admin, ALICE);
    const after = await asUser<TaskJson>(t.admin, ALICE, 'public.request_task_cancel($1)', [task.id]);
    expect(after.status).toBe('processing');
    expect(after.cancel_requested_at).not.toBeNull();
    const beat = await asService(t.admin, 'public.heartbeat_task($1, 1)', [task.id]);
    expect(beat).toEqual({ accepted: true, keep_going: false, reason: 'cancel_requested' });
    const again = await asUser<TaskJson>(t.admin, ALICE, 'public.request_task_cancel($1)', [task.id]);
    expect(again.cancel_requested_at).toBe(after.cancel_requested_at); // recorded once
  });

  it('ack_task_cancel without a cancel request is refused', async () => {
    const task = await runningTask(t.admin, ALICE);
    const answer = await asService(t.admin, 'public.ack_task_cancel($1, 1)', [task.id]);
    expect(answer).toEqual({ accepted: false, reason: 'no_cancel_request' });
    expect((await readTask(t.admin, task.id)).status).toBe('processing');
  });

  it('cancelling a finished task changes nothing', async () => {
    const done = await taskIn('completed');
    const after = await asUser<TaskJson>(t.admin, ALICE, 'public.request_task_cancel($1)', [done.id]);
    expect(after).toEqual(done);
  });

  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const legal = LEGAL[from].includes(to) || (from === to && LEGAL[from].length > 0);
      if (legal) continue;
      it(`refuses ${from} → ${to} even to a superuser (UT005)`, async () => {
        const task = await taskIn(from);
        const error = await failure(
          t.admin.query(
            "update public.tasks set status = $2, error_code = coalesce(error_code, 'x') where id = $1",
            [task.id, to],
          ),
        );
        expect(error.code).toBe('UT005');
        expect(error.message).toMatch(/^illegal_state: /);
        expect((await readTask(t.admin, task.id)).status).toBe(from);
      });
    }
  }

  it('keeps id, user_id, type, payload, created_at, exclusive and retry_of immutable', async () => {
    const task = await taskIn('processing');
    for (const change of [
      'exclusive = not exclusive',
      'user_id = gen_random_uuid()',
      "type = 'default'",
      `payload = '{"changed":true}'`,
      "created_at = now() - interval '1 day'",
      'retry_of = id',
      'id = gen_random_uuid()',
    ]) {
      const error = await failure(t.admin.query(`update public.tasks set ${change} where id = $1`, [task.id]));
      expect(error.code, change).toBe('UT005');
      expect(error.message, change).toMatch(/never change$/);
    }
    // naming a column without changing it is no change
    await t.admin.query('update public.tasks set payload = payload, type = type where id = $1', [task.id]);
    expect((await readTask(t.admin, task.id)).status).toBe('processing');
  });

  it('caps the stored payload even for a write that skips the triggers', async () => {
    await t.admin.query('begin');
    try {
      await t.admin.query('set local session_replication_role = replica'); // superuser: no triggers
      // ~6.6 MB of hex text, which compression cannot bring under the 2 MiB backstop
      const error = await failure(t.admin.query(
        `insert into public.tasks (user_id, type, payload)
         select $1, 'report', jsonb_agg(md5(g::text)) from generate_series(1, 200000) g`,
        [ALICE],
      ));
      expect(error.code).toBe('23514'); // check_violation
      expect(error.message).toMatch(/tasks_payload_size/);
    } finally {
      await t.admin.query('rollback');
    }
  });

  it('reports a write to a finished task as final before any identity change', async () => {
    const task = await taskIn('completed');
    const error = await failure(
      t.admin.query(`update public.tasks set payload = '{"changed":true}' where id = $1`, [task.id]),
    );
    expect(error.message).toMatch(/which is final$/);
  });

  it('sets timestamps and attempt from the database, whatever a write asks for', async () => {
    const task = await taskIn('processing');
    await t.admin.query(
      `update public.tasks set started_at = '2000-01-01', heartbeat_at = '2000-01-01',
         updated_at = '2000-01-01', finished_at = '2000-01-01', attempt = 42 where id = $1`,
      [task.id],
    );
    const after = await readTask(t.admin, task.id);
    expect(after.started_at).toBe(task.started_at);
    expect(after.attempt).toBe(1);
    expect(after.finished_at).toBeNull();
    expect(new Date(after.heartbeat_at ?? 0).getFullYear()).toBeGreaterThan(2000);
  });

  it('only inserts pending tasks with server timestamps', async () => {
    const error = await failure(
      t.admin.query(
        "insert into public.tasks (user_id, type, status) values ($1, 'report', 'completed')",
        [ALICE],
      ),
    );
    expect(error.code).toBe('UT005');
    const { rows } = await t.admin.query(
      `insert into public.tasks (user_id, type, created_at, attempt) values ($1, 'report', '2000-01-01', 7)
       returning extract(year from created_at) as year, attempt`,
      [ALICE],
    );
    expect(Number(rows[0].year)).toBeGreaterThan(2000);
    expect(rows[0].attempt).toBe(0);
  });
});
