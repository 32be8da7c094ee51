// The reaper never waits for long (0016): rows another transaction holds are skipped (SKIP LOCKED,
// 0010), and a table lock it cannot skip (a stuck DDL or maintenance transaction) makes the run
// fail with 55P03 within 1 s instead of hanging, so scheduled runs never pile up behind it. A run
// that gave up loses nothing: the next one reaps what it would have.
import { describe, expect, it } from 'vitest';
import { backdateTask } from '../src/index';
import { callBehindStuckLock } from './blocked-call';
import { REAPER_LOCK_TIMEOUT_MS } from './lock-bounds';
import { asService, noPostgres, readTask, runningTask, useTestDatabase, type TaskJson } from './support';

const user = (n: number) => `e0e00000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.skipIf(noPostgres)('reap_stuck_tasks behind a lock that is never released', () => {
  const t = useTestDatabase('reaperlock');

  /** A running `report` task whose worker went silent past heartbeat_timeout (20 min). */
  async function silentTask(userId: string): Promise<TaskJson> {
    const task = await runningTask(t.admin, userId);
    await backdateTask(t.admin, task.id, { started_at: '20 minutes 1 second' });
    return task;
  }

  // a plain CREATE INDEX takes SHARE on its table, ALTER TABLE takes ACCESS EXCLUSIVE
  it.each([
    ['the audit table, as a CREATE INDEX on task_events does', 'lock table public.task_events in share mode', 1],
    ['the tasks table, as an ALTER TABLE does', 'lock table public.tasks in access exclusive mode', 2],
  ])('gives up with 55P03 within 1 s behind a stuck lock on %s, and the next run reaps', async (_what, lockSql, n) => {
    const task = await silentTask(user(n));
    const { error, elapsed } = await callBehindStuckLock(t, {
      lockSql,
      call: (c) => asService(c, 'public.reap_stuck_tasks()'),
      boundMs: REAPER_LOCK_TIMEOUT_MS,
    });
    expect(error.code).toBe('55P03');
    expect(elapsed).toBeGreaterThanOrEqual(REAPER_LOCK_TIMEOUT_MS - 100);
    expect((await readTask(t.admin, task.id)).status).toBe('processing');
    await asService(t.admin, 'public.reap_stuck_tasks()');
    expect(await readTask(t.admin, task.id)).toMatchObject({ status: 'failed', error_code: 'heartbeat_timeout' });
  });

  it('skips a stuck task whose row is locked without waiting, reaps the rest, and reaps it once free', async () => {
    const [locked, free] = [await silentTask(user(10)), await silentTask(user(11))];
    const holder = await t.connect();
    await holder.query('begin');
    await holder.query('select 1 from public.tasks where id = $1 for update', [locked.id]);
    const started = Date.now();
    await asService(t.admin, 'public.reap_stuck_tasks()');
    const elapsed = Date.now() - started;
    await holder.query('rollback');
    expect(elapsed).toBeLessThan(REAPER_LOCK_TIMEOUT_MS / 2);
    expect((await readTask(t.admin, free.id)).status).toBe('failed');
    expect((await readTask(t.admin, locked.id)).status).toBe('processing');
    await asService(t.admin, 'public.reap_stuck_tasks()');
    expect((await readTask(t.admin, locked.id)).status).toBe('failed');
  });

  it('leaves the session as it was: the bound holds inside the function only', async () => {
    const client = await t.connect();
    await asService(client, 'public.reap_stuck_tasks()');
    expect((await client.query('show lock_timeout')).rows[0].lock_timeout).toBe('0');
  });
});
