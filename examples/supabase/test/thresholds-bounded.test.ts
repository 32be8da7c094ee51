// A task type's intervals are compared as now() - interval, by the reaper for every type on every
// run and by submit_task / retry_task for the caller's type. A timestamp cannot go back past
// 4713 BC, so an interval of more than about 6,700 years ("9999 years": never time out) made that
// subtraction fail (22008, timestamp out of range): one type so configured stopped the reaper for
// every type, every minute. task_types refuses such a value instead (migration 0018).
import { describe, expect, it } from 'vitest';
import { backdateTask } from '../src/index';
import { ALICE, asService, noPostgres, readTask, submit, useTestDatabase } from './support';

const UPDATES = [
  "pending_warn_after = interval '9999 years', pending_timeout = interval '9999 years'",
  "heartbeat_warn_after = interval '9999 years', heartbeat_timeout = interval '9999 years'",
  "max_runtime = interval '9999 years'",
  "cancel_grace = interval '9999 years'",
];

describe.skipIf(noPostgres)('task type intervals the reaper can subtract from now()', () => {
  const t = useTestDatabase('typebounds');

  it('refuses an interval too long to subtract from now(), and the reaper keeps reaping every type', async () => {
    const running = await submit(t.admin, ALICE, 'report');
    await asService(t.admin, 'public.claim_task($1)', [running.task.id]);
    const codes = [];
    for (const set of UPDATES) {
      codes.push(await t.admin.query(`update public.task_types set ${set} where type = 'report'`).then(() => 'accepted', (e: { code: string }) => e.code));
    }
    // Another type's stuck task is reaped, and the configured type still admits new tasks.
    const { task } = await submit(t.admin, ALICE, 'default');
    await backdateTask(t.admin, task.id, '31 minutes');
    expect(await asService(t.admin, 'public.reap_stuck_tasks()')).toMatchObject({ pending_timeout: 1 });
    expect((await readTask(t.admin, task.id)).status).toBe('failed');
    expect((await submit(t.admin, ALICE, 'report')).created).toBe(true);
    expect(codes).toEqual(UPDATES.map(() => '23514'));
  });

  it('accepts 1000 years ("never", as long as anyone needs), and reaps and submits as before', async () => {
    await t.admin.query(
      `update public.task_types set pending_warn_after = interval '1000 years', pending_timeout = interval '1000 years',
         heartbeat_warn_after = interval '1000 years', heartbeat_timeout = interval '1000 years',
         max_runtime = interval '1000 years', cancel_grace = interval '1000 years' where type = 'report'`,
    );
    const { task } = await submit(t.admin, ALICE, 'report');
    await backdateTask(t.admin, task.id, '31 minutes');
    await asService(t.admin, 'public.reap_stuck_tasks()');
    expect((await submit(t.admin, ALICE, 'report')).created).toBe(true);
    expect((await readTask(t.admin, task.id)).status).toBe('pending'); // 31 minutes is far within 1000 years
  });
});
