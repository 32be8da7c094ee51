// A role granted UPDATE / DELETE on tasks without owning them (an admin's or a retention job's).
// Every write of it that the guards allow failed with 42501 (permission denied for schema
// unstuck_internal): the event log's statement triggers (0004) call unstuck_internal functions as
// the writing role, and the UPDATE one fires on every DELETE too (the retry_of foreign key's SET
// NULL, even of no row), so such a role could delete no task at all. 0019 runs them as their owner.
import { describe, expect, it } from 'vitest';
import { ALICE, asService, asUser, noPostgres, readTask, runningTask, useGrantedRole, useTestDatabase, type Admission } from './support';

describe.skipIf(noPostgres)('a role granted UPDATE and DELETE on tasks, not their owner', () => {
  const t = useTestDatabase('grantedwriter');
  const role = 'sbx_granted_writer';
  useGrantedRole(t, role, 'select, update, delete');

  it('a write the guards allow (failing a running task) succeeds', async () => {
    const task = await runningTask(t.admin, ALICE);
    const writer = await t.connect();
    await writer.query(`set role ${role}`);
    const result = await writer.query("update public.tasks set status = 'failed', error_code = 'admin' where id = $1", [task.id]).then(
      () => null,
      (error: { code?: string; message?: string }) => ({ code: error.code, message: error.message }),
    );
    expect(result).toBeNull();
    expect(await readTask(t.admin, task.id)).toMatchObject({ status: 'failed' });
  });

  it('a retention job with DELETE deletes a retried task', async () => {
    const task = await runningTask(t.admin, ALICE);
    await asService(t.admin, "public.fail_task($1, 1, 'boom')", [task.id]);
    const { task: retry } = await asUser<Admission>(t.admin, ALICE, 'public.retry_task($1)', [task.id]);
    const writer = await t.connect();
    await writer.query(`set role ${role}`);
    const deleted = await writer.query('delete from public.tasks where id = $1', [task.id]);
    expect(deleted.rowCount).toBe(1);
    expect((await t.admin.query('select 1 from public.tasks where id = $1', [task.id])).rowCount).toBe(0);
    expect(await readTask(t.admin, retry.id)).toMatchObject({ retry_of: null });
  });

  it('a retention job with DELETE deletes a task that was never retried', async () => {
    const task = await runningTask(t.admin, ALICE);
    await asService(t.admin, "public.fail_task($1, 1, 'boom')", [task.id]);
    const writer = await t.connect();
    await writer.query(`set role ${role}`);
    const deleted = await writer.query('delete from public.tasks where id = $1', [task.id]);
    expect(deleted.rowCount).toBe(1);
    expect((await t.admin.query('select 1 from public.tasks where id = $1', [task.id])).rowCount).toBe(0);
  });
});
