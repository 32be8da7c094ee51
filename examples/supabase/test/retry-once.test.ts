// retry_task is idempotent per task: a task that was retried answers every later retry with that
// retry (created=false) instead of starting another run, whatever pressed Retry again (a double
// press, a second tab, a page still showing the old task), and even when the calls race.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { backdateTask } from '../src/index';
import {
  ALICE,
  BOB,
  asService,
  asUser,
  claim,
  noPostgres,
  readTask,
  runningTask,
  useTestDatabase,
  waitUntilBlocked,
  type Admission,
  type TaskJson,
} from './support';

const retry = (client: pg.Client, userId: string, taskId: string) =>
  asUser<Admission>(client, userId, 'public.retry_task($1)', [taskId]);

/** A task of `type` that a worker claimed and failed. */
async function failedTask(client: pg.Client, userId: string, type: string): Promise<TaskJson> {
  const task = await runningTask(client, userId, type);
  await asService(client, "public.fail_task($1, 1, 'worker_error', 'boom')", [task.id]);
  return readTask(client, task.id);
}

/** The ids of every task whose retry_of is `taskId`, oldest first, whoever owns them. */
async function retriesOf(client: pg.Client, taskId: string): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    'select id from public.tasks where retry_of = $1 order by created_at',
    [taskId],
  );
  return rows.map((row) => row.id);
}

describe.skipIf(noPostgres)('retry_task is idempotent per task on PostgreSQL', () => {
  const t = useTestDatabase('retry_once');

  it('answers a second retry with the first one (created=false) and writes nothing', async () => {
    // 'report' is not exclusive: before the rule, nothing stopped a second run
    const failed = await failedTask(t.admin, ALICE, 'report');
    const first = await retry(t.admin, ALICE, failed.id);
    expect(first).toMatchObject({ created: true, reaped_task_id: null, task: { retry_of: failed.id, status: 'pending' } });
    const second = await retry(t.admin, ALICE, failed.id);
    expect(second).toEqual({ created: false, reaped_task_id: null, task: first.task });
    expect(await retriesOf(t.admin, failed.id)).toEqual([first.task.id]);
    const { rows } = await t.admin.query(
      "select reason from public.task_events where task_id = $1 and kind = 'retried'",
      [failed.id],
    );
    expect(rows).toEqual([{ reason: first.task.id }]);
  });

  it('still answers with the retry once it failed too; retrying the retry starts the next run', async () => {
    // exclusive: the one-active rule returned the active retry, but not once it had finished
    const failed = await failedTask(t.admin, ALICE, 'image_generation');
    const first = await retry(t.admin, ALICE, failed.id);
    await claim(t.admin, first.task.id);
    await asService(t.admin, "public.fail_task($1, 1, 'worker_error', 'again')", [first.task.id]);
    const again = await retry(t.admin, ALICE, failed.id);
    expect(again).toMatchObject({ created: false, reaped_task_id: null, task: { id: first.task.id, status: 'failed' } });
    const next = await retry(t.admin, ALICE, first.task.id);
    expect(next).toMatchObject({ created: true, task: { retry_of: first.task.id, status: 'pending' } });
    expect(await retriesOf(t.admin, failed.id)).toEqual([first.task.id]);
  });

  it('answers a stuck task retried before with its retry, reaping nothing (not even a stuck retry)', async () => {
    const stuck = await runningTask(t.admin, BOB, 'report');
    await backdateTask(t.admin, stuck.id, { started_at: '25 minutes' });
    const first = await retry(t.admin, BOB, stuck.id);
    expect(first).toMatchObject({ created: true, reaped_task_id: stuck.id });
    // The retry goes stuck in turn: the answer is still that retry, as it is. Its page says it is
    // stuck and offers to retry it, which reaps it then.
    await claim(t.admin, first.task.id);
    await backdateTask(t.admin, first.task.id, { started_at: '25 minutes' });
    const again = await retry(t.admin, BOB, stuck.id);
    expect(again).toMatchObject({ created: false, reaped_task_id: null, task: { id: first.task.id, status: 'processing' } });
    expect(await readTask(t.admin, first.task.id)).toMatchObject({ status: 'processing' });
  });

  it('looks for the retry before the status, and only at the caller\'s own tasks', async () => {
    // Neither row can come from the contract's functions (a retried task is failed or cancelled,
    // which is final, and a retry belongs to its task's owner): an admin's direct inserts.
    const done = await runningTask(t.admin, ALICE, 'report');
    await asService(t.admin, 'public.complete_task($1, 1)', [done.id]);
    const { rows } = await t.admin.query<{ id: string }>(
      "insert into public.tasks (user_id, type, retry_of) values ($1, 'report', $2) returning id",
      [ALICE, done.id],
    );
    expect(await retry(t.admin, ALICE, done.id)).toMatchObject({ created: false, task: { id: rows[0]!.id } });

    const failed = await failedTask(t.admin, ALICE, 'report');
    await t.admin.query("insert into public.tasks (user_id, type, retry_of) values ($1, 'report', $2)", [BOB, failed.id]);
    expect(await retry(t.admin, ALICE, failed.id)).toMatchObject({ created: true, task: { user_id: ALICE, retry_of: failed.id } });
  });

  it('makes one retry of two concurrent ones: the second waits for its turn, then answers with it', async () => {
    const failed = await failedTask(t.admin, ALICE, 'report');
    const [first, second] = [await t.connect(), await t.connect()];
    const secondPid: number = (await second.query('select pg_backend_pid() as pid')).rows[0].pid;
    // first retries inside an open transaction; second retries on its own connection and must wait
    await first.query('begin');
    await first.query("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: ALICE, role: 'authenticated' }),
    ]);
    const winner = (await first.query('select public.retry_task($1) as r', [failed.id])).rows[0].r as Admission;
    const loser = retry(second, ALICE, failed.id);
    await waitUntilBlocked(t.admin, secondPid);
    await first.query('commit');
    const answer = await loser;
    expect(winner.created).toBe(true);
    expect(answer).toMatchObject({ created: false, reaped_task_id: null, task: { id: winner.task.id } });
    expect(await retriesOf(t.admin, failed.id)).toEqual([winner.task.id]);
  });

  it('makes exactly one retry out of many parallel retries of a failed or a stuck task (20 rounds)', async () => {
    const user = 'ae7a0000-0000-4000-8000-000000000005';
    const clients = await Promise.all(Array.from({ length: 6 }, () => t.connect()));
    for (let round = 0; round < 20; round += 1) {
      const stuckRound = round % 2 === 1;
      const task = stuckRound ? await runningTask(t.admin, user, 'report') : await failedTask(t.admin, user, 'report');
      if (stuckRound) await backdateTask(t.admin, task.id, { started_at: '25 minutes' });
      const answers = await Promise.all(clients.map((client) => retry(client, user, task.id)));
      const created = answers.filter((answer) => answer.created);
      expect(created).toHaveLength(1);
      expect(new Set(answers.map((answer) => answer.task.id))).toEqual(new Set([created[0]!.task.id]));
      expect(await retriesOf(t.admin, task.id)).toEqual([created[0]!.task.id]);
      // only the call that reaped the stuck task reports it
      expect(answers.filter((answer) => answer.reaped_task_id !== null)).toHaveLength(stuckRound ? 1 : 0);
    }
  });
});
