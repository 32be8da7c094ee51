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

  // Postgres compares intervals counting a month as 30 days and a year as 360, but adds each part
  // to a timestamp on its own: 10000 years less 3590000 days compares as about 28 years, yet its
  // years part alone cannot be subtracted from now(). Any negative part is refused.
  it('refuses an interval with a negative part, however small it compares', async () => {
    const running = await submit(t.admin, ALICE, 'report');
    await asService(t.admin, 'public.claim_task($1)', [running.task.id]);
    const codes = [];
    for (const value of ['1 day -1 hour', '2 months -1 day', '1 year -1 day', '-1 second 2 days', '10000 years -3590000 days']) {
      codes.push(await t.admin.query(`update public.task_types set max_runtime = interval '${value}' where type = 'report'`)
        .then(() => `accepted ${value}`, (e: { code: string }) => e.code));
    }
    // The reaper still runs (the last value, stored, made it fail with 22008), and reaps another type's stuck task.
    const { task } = await submit(t.admin, ALICE, 'default');
    await backdateTask(t.admin, task.id, '31 minutes');
    expect(await asService(t.admin, 'public.reap_stuck_tasks()')).toMatchObject({ pending_timeout: 1 });
    expect(codes).toEqual(codes.map(() => '23514'));
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
