// Every worker RPC checks the fence (the attempt it names, the row still processing) before its
// arguments: a zombie worker (reaped, cancelled, superseded by a retry) is told `stale_attempt` or
// `not_active` whatever it sends, so it drops the work. Told its progress or error code is bad, it
// would fix the value and try again, for a task nobody is waiting on.
import { describe, expect, it } from 'vitest';
import { backdateTask } from '../src/index';
import { BOB, asService, asUser, failure, readTask, runningTask, noPostgres, useTestDatabase, type Admission } from './support';

const BAD_WRITES = [
  { sql: 'public.heartbeat_task($1, $2, 1.5)', what: 'heartbeat with progress over 1' },
  { sql: "public.heartbeat_task($1, $2, 'NaN')", what: 'heartbeat with progress NaN' },
  { sql: "public.fail_task($1, $2, 'Not A Code')", what: 'fail with a malformed error code' },
  { sql: 'public.fail_task($1, $2, null)', what: 'fail with a null error code' },
];

describe.skipIf(noPostgres)('worker RPCs check the fence before their arguments', () => {
  const t = useTestDatabase('fencefirst');

  /** A task of BOB's that was reaped while attempt 1 ran, and its retry, claimed (attempt 1 of its own). */
  async function zombieAndRetry() {
    const task = await runningTask(t.admin, BOB);
    await backdateTask(t.admin, task.id, { started_at: '21 minutes' });
    await asService(t.admin, 'public.reap_stuck_tasks()');
    const retry = await asUser<Admission>(t.admin, BOB, 'public.retry_task($1)', [task.id]);
    await asService(t.admin, 'public.claim_task($1)', [retry.task.id]);
    return { reaped: task.id, retry: retry.task.id };
  }

  it.each(BAD_WRITES)('a zombie is told not_active, not invalid_id: $what', async ({ sql }) => {
    const { reaped } = await zombieAndRetry();
    const before = await readTask(t.admin, reaped);
    expect(await asService(t.admin, sql, [reaped, 1])).toMatchObject({ accepted: false, reason: 'not_active' });
    expect(await readTask(t.admin, reaped)).toEqual(before);
  });

  it.each(BAD_WRITES)('a zombie is told stale_attempt, not invalid_id: $what', async ({ sql }) => {
    const { retry } = await zombieAndRetry();
    expect(await asService(t.admin, sql, [retry, 2])).toMatchObject({ accepted: false, reason: 'stale_attempt' });
    expect(await readTask(t.admin, retry)).toMatchObject({ status: 'processing', progress: null, error_code: null });
  });

  it.each(BAD_WRITES)('the worker holding the attempt still hears invalid_id (UT004), nothing written: $what', async ({ sql }) => {
    const { retry } = await zombieAndRetry();
    const error = await failure(asService(t.admin, sql, [retry, 1]));
    expect(error).toMatchObject({ code: 'UT004', message: expect.stringMatching(/^invalid_id: /) });
    expect(await readTask(t.admin, retry)).toMatchObject({ status: 'processing', progress: null, error_code: null });
  });

  it('a task that does not exist is not_found (UT001) before any argument check', async () => {
    for (const { sql } of BAD_WRITES) {
      expect((await failure(asService(t.admin, sql.replace('$1', 'gen_random_uuid()').replace('$2', '1')))).code).toBe('UT001');
    }
  });

  it('the rejection keeps each function\'s answer shape (heartbeat has keep_going, fail does not)', async () => {
    const { reaped } = await zombieAndRetry();
    expect(await asService(t.admin, 'public.heartbeat_task($1, 1, 7)', [reaped])).toEqual({ accepted: false, keep_going: false, reason: 'not_active' });
    expect(await asService(t.admin, "public.fail_task($1, 1, 'BAD')", [reaped])).toEqual({ accepted: false, reason: 'not_active' });
  });
});
