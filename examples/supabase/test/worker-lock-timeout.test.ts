// The worker RPCs give up on a lock held by a transaction that never ends (0016): the call fails
// within 2 s with SQLSTATE 55P03 and writes nothing, so the worker can retry (a heartbeat well
// within any heartbeat_timeout) instead of hanging while the reaper counts its silence.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { callBehindLockedRow } from './blocked-call';
import { WORKER_LOCK_TIMEOUT_MS } from './lock-bounds';
import { asService, asUser, noPostgres, readTask, runningTask, submit, useTestDatabase, type TaskJson } from './support';

/** A fresh user per case, so that exclusive types never hand one case's task to another. */
const user = (n: number) => `c0c00000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Each worker RPC, with a task in the state it acts on and the call as that task's worker. */
const WORKER_CALLS: {
  name: string;
  task: (admin: pg.Client, userId: string) => Promise<TaskJson>;
  call: (c: pg.Client, task: TaskJson) => Promise<unknown>;
}[] = [
  {
    name: 'heartbeat_task',
    task: (admin, userId) => runningTask(admin, userId),
    call: (c, task) => asService(c, "public.heartbeat_task($1, $2, 0.5, 'halfway')", [task.id, task.attempt]),
  },
  {
    name: 'complete_task',
    task: (admin, userId) => runningTask(admin, userId),
    call: (c, task) => asService(c, `public.complete_task($1, $2, '{"done":true}')`, [task.id, task.attempt]),
  },
  {
    name: 'fail_task',
    task: (admin, userId) => runningTask(admin, userId),
    call: (c, task) => asService(c, "public.fail_task($1, $2, 'worker_error', 'gave up')", [task.id, task.attempt]),
  },
  {
    name: 'ack_task_cancel',
    task: async (admin, userId) => {
      const task = await runningTask(admin, userId);
      return asUser<TaskJson>(admin, userId, 'public.request_task_cancel($1)', [task.id]);
    },
    call: (c, task) => asService(c, 'public.ack_task_cancel($1, $2)', [task.id, task.attempt]),
  },
  {
    name: 'claim_task (by id)',
    task: async (admin, userId) => (await submit(admin, userId, 'report')).task,
    call: (c, task) => asService(c, 'public.claim_task($1)', [task.id]),
  },
];

describe.skipIf(noPostgres)('worker RPCs behind a lock that is never released', () => {
  const t = useTestDatabase('workerlock');

  it.each(WORKER_CALLS.map((c, i) => [c.name, c, i] as const))(
    '%s fails with 55P03 within 2 s when the task row is locked, and writes nothing',
    async (_name, { task: makeTask, call }, i) => {
      const task = await makeTask(t.admin, user(i + 1));
      const before = await readTask(t.admin, task.id);
      const { error, elapsed } = await callBehindLockedRow(t, task.id, (c) => call(c, task), WORKER_LOCK_TIMEOUT_MS);
      expect(error.code).toBe('55P03');
      expect(elapsed).toBeGreaterThanOrEqual(WORKER_LOCK_TIMEOUT_MS - 100);
      expect(await readTask(t.admin, task.id)).toEqual(before);
    },
  );

  it('a heartbeat behind a lock released before the bound waits for it and is accepted', async () => {
    const task = await runningTask(t.admin, user(90));
    const holder = await t.connect();
    await holder.query('begin');
    await holder.query('select 1 from public.tasks where id = $1 for update', [task.id]);
    const releasing = new Promise((resolve) => setTimeout(resolve, 500)).then(() => holder.query('commit'));
    const answer = await asService(t.admin, 'public.heartbeat_task($1, $2, 0.25)', [task.id, task.attempt]);
    await releasing;
    expect(answer).toEqual({ accepted: true, keep_going: true, reason: null });
    expect((await readTask(t.admin, task.id)).progress).toBe(0.25);
  });

  it('leaves the worker session as it was: the bound holds inside the functions only', async () => {
    const client = await t.connect();
    const task = await runningTask(client, user(91));
    await asService(client, 'public.heartbeat_task($1, $2)', [task.id, task.attempt]);
    expect((await client.query('show lock_timeout')).rows[0].lock_timeout).toBe('0');
  });
});
