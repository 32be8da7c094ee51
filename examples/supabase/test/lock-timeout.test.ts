// The client RPCs give up on a lock held by a transaction that never ends (0014): the call fails
// within the bound with SQLSTATE 55P03 and writes nothing, instead of leaving the user's button
// spinning for ever. Real connections: one holds the row, another calls the RPC.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { callBehindLockedRow } from './blocked-call';
import { CLIENT_LOCK_TIMEOUT_MS as LOCK_TIMEOUT_MS } from './lock-bounds';
import { ALICE, asService, asUser, runningTask, submit, noPostgres, useTestDatabase } from './support';

describe.skipIf(noPostgres)('client RPCs behind a lock that is never released', () => {
  const t = useTestDatabase('locktimeout');

  const blockedBehindRow = (taskId: string, call: (client: pg.Client) => Promise<unknown>) =>
    callBehindLockedRow(t, taskId, call, LOCK_TIMEOUT_MS);

  it('submit_task fails with 55P03 within the bound when the active exclusive task is locked', async () => {
    const user = 'd0d00000-0000-4000-8000-000000000004';
    const { task } = await submit(t.admin, user, 'image_generation');
    const { error, elapsed } = await blockedBehindRow(task.id, (c) => submit(c, user, 'image_generation'));
    expect(error.code).toBe('55P03');
    expect(elapsed).toBeGreaterThanOrEqual(LOCK_TIMEOUT_MS - 100);
    const { rows } = await t.admin.query('select count(*)::int as n from public.tasks where user_id = $1', [user]);
    expect(rows[0].n).toBe(1); // nothing written
  });

  it('request_task_cancel fails with 55P03 within the bound when the task is locked', async () => {
    const task = await runningTask(t.admin, ALICE);
    const { error } = await blockedBehindRow(task.id, (c) => asUser(c, ALICE, 'public.request_task_cancel($1)', [task.id]));
    expect(error.code).toBe('55P03');
    const { rows } = await t.admin.query('select cancel_requested_at from public.tasks where id = $1', [task.id]);
    expect(rows[0].cancel_requested_at).toBeNull();
  });

  it('retry_task fails with 55P03 within the bound when the task is locked', async () => {
    const task = await runningTask(t.admin, ALICE);
    await asService(t.admin, 'public.fail_task($1, 1)', [task.id]);
    const { error } = await blockedBehindRow(task.id, (c) => asUser(c, ALICE, 'public.retry_task($1)', [task.id]));
    expect(error.code).toBe('55P03');
    const { rows } = await t.admin.query('select count(*)::int as n from public.tasks where retry_of = $1', [task.id]);
    expect(rows[0].n).toBe(0);
  });

  it('leaves the session as it was: the bound holds inside the functions only', async () => {
    const client = await t.connect();
    await submit(client, 'e0e00000-0000-4000-8000-000000000005', 'report');
    expect((await client.query('show lock_timeout')).rows[0].lock_timeout).toBe('0');
  });
});
