// A worker that sends its finishing write again (its answer was lost: a timeout, a dropped
// connection after the commit, a retrying HTTP client) must hear that the write is stored, not
// `not_active`, which tells a zombie its work was thrown away: a worker that then deletes the
// output its result points to would break a completed task. `not_active` must keep meaning "not
// stored" (reaped, cancelled, or ended otherwise), so the same attempt sending something else is
// still refused.
import { describe, expect, it } from 'vitest';
import { backdateTask, withService } from '../src/index';
import {
  ALICE,
  asService,
  asUser,
  noPostgres,
  readTask,
  runningTask,
  useTestDatabase,
  waitUntilBlocked,
} from './support';

const ACCEPTED = { accepted: true, reason: null };
const NOT_ACTIVE = { accepted: false, reason: 'not_active' };

describe.skipIf(noPostgres)('a finishing write sent again by the attempt that made it', () => {
  const t = useTestDatabase('finishreplay');

  const eventsOf = async (taskId: string) =>
    (await t.admin.query('select kind from public.task_events where task_id = $1 order by id', [taskId])).rows.map((r) => r.kind);

  it('complete_task: the same result again is accepted and writes nothing; another result is not_active', async () => {
    const task = await runningTask(t.admin, ALICE);
    const result = JSON.stringify({ url: 's3://bucket/out.png' });
    expect(await asService(t.admin, 'public.complete_task($1, 1, $2)', [task.id, result])).toEqual(ACCEPTED);
    const completed = await readTask(t.admin, task.id);
    expect(await asService(t.admin, 'public.complete_task($1, 1, $2)', [task.id, result])).toEqual(ACCEPTED);
    expect(await readTask(t.admin, task.id)).toEqual(completed);
    expect(await eventsOf(task.id)).toEqual(['submitted', 'claimed', 'completed']);
    const other = JSON.stringify({ url: 's3://bucket/other.png' });
    expect(await asService(t.admin, 'public.complete_task($1, 1, $2)', [task.id, other])).toEqual(NOT_ACTIVE);
    expect(await asService(t.admin, 'public.complete_task($1, 2, $2)', [task.id, result])).toEqual({ accepted: false, reason: 'stale_attempt' });
  });

  it('fail_task and ack_task_cancel: the same call again is accepted; a different failure is not_active', async () => {
    const failed = await runningTask(t.admin, ALICE);
    const failure = [failed.id, 'render_error', 'GPU lost'];
    expect(await asService(t.admin, 'public.fail_task($1, 1, $2, $3)', failure)).toEqual(ACCEPTED);
    expect(await asService(t.admin, 'public.fail_task($1, 1, $2, $3)', failure)).toEqual(ACCEPTED);
    expect(await asService(t.admin, "public.fail_task($1, 1, 'other_error', 'GPU lost')", [failed.id])).toEqual(NOT_ACTIVE);
    expect(await eventsOf(failed.id)).toEqual(['submitted', 'claimed', 'failed']);

    const cancelled = await runningTask(t.admin, ALICE);
    await asUser(t.admin, ALICE, 'public.request_task_cancel($1)', [cancelled.id]);
    expect(await asService(t.admin, 'public.ack_task_cancel($1, 1)', [cancelled.id])).toEqual(ACCEPTED);
    expect(await asService(t.admin, 'public.ack_task_cancel($1, 1)', [cancelled.id])).toEqual(ACCEPTED);
    expect(await eventsOf(cancelled.id)).toEqual(['submitted', 'claimed', 'cancel_requested', 'cancelled']);
  });

  it('a task the reaper ended still answers not_active to every finishing write of its worker', async () => {
    const reaped = await runningTask(t.admin, ALICE);
    await backdateTask(t.admin, reaped.id, { started_at: '21 minutes' });
    await asService(t.admin, 'public.reap_stuck_tasks()');
    expect(await asService(t.admin, 'public.complete_task($1, 1)', [reaped.id])).toEqual(NOT_ACTIVE);
    expect(await asService(t.admin, "public.fail_task($1, 1, 'heartbeat_timeout')", [reaped.id])).toEqual(NOT_ACTIVE);

    const cancelTimedOut = await runningTask(t.admin, ALICE);
    await asUser(t.admin, ALICE, 'public.request_task_cancel($1)', [cancelTimedOut.id]);
    await backdateTask(t.admin, cancelTimedOut.id, { cancel_requested_at: '3 minutes' });
    await asService(t.admin, 'public.reap_stuck_tasks()');
    expect((await readTask(t.admin, cancelTimedOut.id)).error_code).toBe('cancel_timeout');
    expect(await asService(t.admin, 'public.ack_task_cancel($1, 1)', [cancelTimedOut.id])).toEqual(NOT_ACTIVE);
  });

  it("a worker's fail_task with exactly the code and message of the reaper, or of retry_task, is still not_active", async () => {
    // A worker that times itself out the way the reaper words it writes the same row the reaper
    // wrote; only who ended the task tells "my write is stored" from "my work was thrown away".
    const reaped = await runningTask(t.admin, ALICE);
    await backdateTask(t.admin, reaped.id, { started_at: '21 minutes' });
    await asService(t.admin, 'public.reap_stuck_tasks()');
    const { error_code, error_message } = await readTask(t.admin, reaped.id);
    expect(error_code).toBe('heartbeat_timeout');
    expect(await asService(t.admin, 'public.fail_task($1, 1, $2, $3)', [reaped.id, error_code, error_message])).toEqual(NOT_ACTIVE);

    // retry_task fails a stuck task as the reaper would, before it retries it.
    const retried = await runningTask(t.admin, ALICE);
    await backdateTask(t.admin, retried.id, { started_at: '21 minutes' });
    expect(await asUser(t.admin, ALICE, 'public.retry_task($1)', [retried.id])).toMatchObject({ reaped_task_id: retried.id });
    const ended = await readTask(t.admin, retried.id);
    expect(ended.error_code).toBe('heartbeat_timeout');
    expect(await asService(t.admin, 'public.fail_task($1, 1, $2, $3)', [retried.id, ended.error_code, ended.error_message])).toEqual(NOT_ACTIVE);
  });

  // The replay check runs after the wrapped call waited for the row; it must see the first call's
  // row and its worker event, both committed while it waited.
  for (const [name, call, cancelFirst] of [
    ['completion', "public.complete_task($1, 1, '{\"url\":\"s3://bucket/out.png\"}')", false],
    ['failure', "public.fail_task($1, 1, 'render_error', 'GPU lost')", false],
    ['cancel acknowledgement', 'public.ack_task_cancel($1, 1)', true],
  ] as const) {
    it(`the same ${name} sent twice at once (the first still committing): both hear accepted`, async () => {
      const task = await runningTask(t.admin, ALICE);
      if (cancelFirst) await asUser(t.admin, ALICE, 'public.request_task_cancel($1)', [task.id]);
      const [first, second] = [await t.connect(), await t.connect()];
      const secondPid: number = (await second.query('select pg_backend_pid() as pid')).rows[0].pid;
      await first.query('begin');
      await first.query("select set_config('role', 'service_role', true)");
      const firstAnswer = (await first.query(`select ${call} as r`, [task.id])).rows[0].r;
      const secondAnswer = withService(second, (c) => c.query(`select ${call} as r`, [task.id]));
      await waitUntilBlocked(t.admin, secondPid);
      await first.query('commit');
      expect([firstAnswer, (await secondAnswer).rows[0].r]).toEqual([ACCEPTED, ACCEPTED]);
      const ended = (await readTask(t.admin, task.id)).status;
      expect((await eventsOf(task.id)).filter((kind) => kind === ended)).toEqual([ended]); // written once
    });
  }
});
