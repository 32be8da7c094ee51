// The reaper's rules, made to fire by back-dating rows rather than by waiting, and the same rules
// applied by submit/retry to the caller's own stuck task.
import { describe, expect, it } from 'vitest';
import { backdateTask, type ReapCounts } from '../src/index';
import {
  ALICE,
  BOB,
  asService,
  asUser,
  failure,
  noPostgres,
  readTask,
  runningTask,
  submit,
  useTestDatabase,
  type Admission,
  type TaskJson,
} from './support';

const NOTHING: ReapCounts = { pending_timeout: 0, heartbeat_timeout: 0, max_runtime: 0, cancel_timeout: 0 };

/** Each rule: how to make a task of type `report` (default thresholds) just stuck, or not yet. */
const RULES = [
  {
    reason: 'pending_timeout',
    status: 'failed',
    running: false,
    stuck: { created_at: '30 minutes 1 second' },
    fine: { created_at: '29 minutes' },
  },
  {
    reason: 'heartbeat_timeout',
    status: 'failed',
    running: true,
    stuck: { started_at: '20 minutes 1 second' },
    fine: { started_at: '19 minutes' },
  },
  {
    reason: 'max_runtime',
    status: 'failed',
    running: true,
    // beating all along, but running for too long
    stuck: { started_at: '2 hours 1 second' },
    fine: { started_at: '1 hour 59 minutes' },
  },
  {
    reason: 'cancel_timeout',
    status: 'cancelled',
    running: true,
    stuck: { cancel_requested_at: '2 minutes 1 second' },
    fine: { cancel_requested_at: '1 minute' },
  },
] as const;

describe.skipIf(noPostgres)('reap_stuck_tasks on PostgreSQL', () => {
  const t = useTestDatabase('reaper');

  async function taskFor(rule: (typeof RULES)[number], userId: string, type = 'report'): Promise<TaskJson> {
    if (!rule.running) return (await submit(t.admin, userId, type)).task;
    const task = await runningTask(t.admin, userId, type);
    if (rule.reason === 'max_runtime') await asService(t.admin, 'public.heartbeat_task($1, 1)', [task.id]);
    if (rule.reason === 'cancel_timeout') {
      await asUser(t.admin, userId, 'public.request_task_cancel($1)', [task.id]);
      await asService(t.admin, 'public.heartbeat_task($1, 1)', [task.id]);
    }
    return task;
  }

  for (const rule of RULES) {
    it(`${rule.reason}: reaps a task just past the threshold, spares one just before`, async () => {
      await asService(t.admin, 'public.reap_stuck_tasks()'); // start from a clean slate
      const stuck = await taskFor(rule, ALICE);
      const fine = await taskFor(rule, BOB);
      await backdateTask(t.admin, stuck.id, rule.stuck);
      await backdateTask(t.admin, fine.id, rule.fine);

      const counts = await asService<ReapCounts>(t.admin, 'public.reap_stuck_tasks()');
      expect(counts).toEqual({ ...NOTHING, [rule.reason]: 1 });
      expect(await readTask(t.admin, stuck.id)).toMatchObject({ status: rule.status, error_code: rule.reason });
      expect((await readTask(t.admin, fine.id)).status).toBe(rule.running ? 'processing' : 'pending');

      const { rows } = await t.admin.query(
        'select actor, kind, reason from public.task_events where task_id = $1 order by id desc limit 1',
        [stuck.id],
      );
      expect(rows[0]).toEqual({ actor: 'reaper', kind: rule.status, reason: rule.reason });
      expect(await asService(t.admin, 'public.reap_stuck_tasks()')).toEqual(NOTHING); // nothing twice
    });

    it(`${rule.reason}: submit reaps the caller's own stuck exclusive task the same way`, async () => {
      const stuck = await taskFor(rule, ALICE, 'image_generation');
      await backdateTask(t.admin, stuck.id, rule.stuck);
      const admission = await submit(t.admin, ALICE, 'image_generation');
      expect(admission.created).toBe(true);
      expect(admission.reaped_task_id).toBe(stuck.id);
      expect(await readTask(t.admin, stuck.id)).toMatchObject({ status: rule.status, error_code: rule.reason });
      await asUser(t.admin, ALICE, 'public.request_task_cancel($1)', [admission.task.id]);
    });
  }

  it('submit returns a healthy exclusive task instead of creating one', async () => {
    const first = await runningTask(t.admin, ALICE, 'image_generation');
    await backdateTask(t.admin, first.id, { started_at: '19 minutes' });
    const again = await submit(t.admin, ALICE, 'image_generation');
    expect(again).toMatchObject({ created: false, reaped_task_id: null });
    expect(again.task.id).toBe(first.id);
    // a non-exclusive type always gets a new task
    const a = await submit(t.admin, ALICE, 'report');
    const b = await submit(t.admin, ALICE, 'report');
    expect([a.created, b.created]).toEqual([true, true]);
    await asService(t.admin, 'public.complete_task($1, 1)', [first.id]);
  });

  it('retry of a stuck task fails it with the reaper reason and links the new task', async () => {
    const stuck = await runningTask(t.admin, ALICE, 'image_generation');
    await backdateTask(t.admin, stuck.id, { started_at: '25 minutes' });
    const retry = await asUser<Admission>(t.admin, ALICE, 'public.retry_task($1)', [stuck.id]);
    expect(retry).toMatchObject({ created: true, reaped_task_id: stuck.id });
    expect(retry.task).toMatchObject({ status: 'pending', retry_of: stuck.id, attempt: 0 });
    expect(await readTask(t.admin, stuck.id)).toMatchObject({ status: 'failed', error_code: 'heartbeat_timeout' });
    const { rows } = await t.admin.query(
      "select reason from public.task_events where task_id = $1 and kind = 'retried'",
      [stuck.id],
    );
    expect(rows).toEqual([{ reason: retry.task.id }]);
    // a task retried once answers a second retry with its retry (retry-once.test.ts)
    const again = await asUser<Admission>(t.admin, ALICE, 'public.retry_task($1)', [stuck.id]);
    expect(again).toMatchObject({ created: false });
    expect(again.task.id).toBe(retry.task.id);
  });

  it('fences a zombie worker: after a reap and after a retry, its writes change nothing', async () => {
    const task = await runningTask(t.admin, BOB);
    await backdateTask(t.admin, task.id, { started_at: '21 minutes' });
    await asService(t.admin, 'public.reap_stuck_tasks()');
    const reaped = await readTask(t.admin, task.id);
    for (const write of [
      'public.complete_task($1, 1)',
      'public.fail_task($1, 1)',
      'public.ack_task_cancel($1, 1)',
    ]) {
      expect(await asService(t.admin, write, [task.id]), write).toEqual({ accepted: false, reason: 'not_active' });
    }
    expect(await asService(t.admin, 'public.heartbeat_task($1, 1, 0.9)', [task.id])).toEqual({
      accepted: false,
      keep_going: false,
      reason: 'not_active',
    });
    expect(await readTask(t.admin, task.id)).toEqual(reaped);

    const retry = await asUser<Admission>(t.admin, BOB, 'public.retry_task($1)', [task.id]);
    const claimed = await asService<TaskJson>(t.admin, 'public.claim_task($1)', [retry.task.id]);
    expect(claimed.attempt).toBe(1);
    // the zombie presents a wrong attempt for the new row: refused, row unchanged
    const wrong = await asService(t.admin, 'public.complete_task($1, 2)', [retry.task.id]);
    expect(wrong).toEqual({ accepted: false, reason: 'stale_attempt' });
    expect((await readTask(t.admin, retry.task.id)).status).toBe('processing');
    expect(await readTask(t.admin, task.id)).toEqual(reaped);
  });

  it('tells a zombie worker with a result over the limit that it is stale, not that its result is too large', async () => {
    // A result the type would refuse (report: 64 KiB): the size is not the zombie's problem, its
    // attempt is. Told "too large", it would shrink the result and try again instead of dropping it.
    const big = JSON.stringify({ blob: 'x'.repeat(70_000) });
    const task = await runningTask(t.admin, BOB);
    await backdateTask(t.admin, task.id, { started_at: '21 minutes' });
    await asService(t.admin, 'public.reap_stuck_tasks()');
    expect(await asService(t.admin, 'public.complete_task($1, 1, $2)', [task.id, big])).toEqual({
      accepted: false,
      reason: 'not_active',
    });
    const retry = await asUser<Admission>(t.admin, BOB, 'public.retry_task($1)', [task.id]);
    await asService(t.admin, 'public.claim_task($1)', [retry.task.id]);
    expect(await asService(t.admin, 'public.complete_task($1, 2, $2)', [retry.task.id, big])).toEqual({
      accepted: false,
      reason: 'stale_attempt',
    });
    // The worker that holds the attempt still hears that its result is too large, and nothing is written.
    const tooLarge = await failure(asService(t.admin, 'public.complete_task($1, 1, $2)', [retry.task.id, big]));
    expect(tooLarge).toMatchObject({ code: 'UT003', message: expect.stringMatching(/^payload_too_large: /) });
    expect(await readTask(t.admin, retry.task.id)).toMatchObject({ status: 'processing', result: null });
    const missing = await failure(asService(t.admin, 'public.complete_task(gen_random_uuid(), 1, $1)', [big]));
    expect(missing.code).toBe('UT001');
  });

  it('claims the oldest pending task of a type, skipping rows locked by another claimer', async () => {
    const older = (await submit(t.admin, ALICE, 'default')).task;
    const newer = (await submit(t.admin, BOB, 'default')).task;
    const other = await t.connect();
    await other.query('begin');
    await other.query('select 1 from public.tasks where id = $1 for update', [older.id]);
    try {
      const claimed = await asService<TaskJson>(t.admin, "public.claim_task(null, 'default')");
      expect(claimed.id).toBe(newer.id);
    } finally {
      await other.query('rollback');
    }
    expect((await asService<TaskJson>(t.admin, "public.claim_task(null, 'default')")).id).toBe(older.id);
    expect(await asService(t.admin, "public.claim_task(null, 'default')")).toBeNull();
  });
});
