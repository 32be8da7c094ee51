// Deleting a task that was retried (an admin's retention job, a user's data removed on request):
// the retry's `retry_of` is set to null by the foreign key (0003: on delete set null), and that
// write must pass the row's guards, whatever the retry's status, while every other write that
// clears `retry_of` or touches a finished task is still refused.
import { describe, expect, it } from 'vitest';
import { ALICE, asService, asUser, failure, noPostgres, readTask, runningTask, useGrantedRole, useTestDatabase, type Admission, type TaskJson } from './support';

describe.skipIf(noPostgres)('deleting a task that was retried', () => {
  const t = useTestDatabase('deleteretried');

  /** A failed task and its retry (pending). */
  async function retried(): Promise<{ original: string; retry: string }> {
    const task = await runningTask(t.admin, ALICE);
    await asService(t.admin, "public.fail_task($1, 1, 'boom')", [task.id]);
    const { task: retry } = await asUser<Admission>(t.admin, ALICE, 'public.retry_task($1)', [task.id]);
    return { original: task.id, retry: retry.id };
  }

  const updatedAt = (row: TaskJson) => (row as TaskJson & { updated_at: string }).updated_at;
  const deleteTask = (id: string) => t.admin.query('delete from public.tasks where id = $1', [id]);

  it('deletes it while its retry is active, and the retry runs on, no longer linked', async () => {
    const { original, retry } = await retried();
    await deleteTask(original);
    const after = await readTask(t.admin, retry);
    expect(after).toMatchObject({ status: 'pending', retry_of: null, attempt: 0 });
    const { rows } = await t.admin.query('select count(*)::int as n from public.task_events where task_id = $1', [original]);
    expect(rows[0].n).toBe(0);
    expect(await asService(t.admin, 'public.claim_task($1)', [retry])).toMatchObject({ status: 'processing' });
  });

  it('deletes it once its retry has finished, and the finished retry keeps its outcome', async () => {
    const { original, retry } = await retried();
    await asService(t.admin, 'public.claim_task($1)', [retry]);
    await asService(t.admin, `public.complete_task($1, 1, '{"url":"s3://out"}')`, [retry]);
    const before = await readTask(t.admin, retry);
    await deleteTask(original);
    const after = await readTask(t.admin, retry);
    // everything as it was but the link, and updated_at, which every write of a row moves
    expect({ ...after, updated_at: null }).toEqual({ ...before, retry_of: null, updated_at: null });
    expect(updatedAt(after)).not.toBe(updatedAt(before));
    const { rows } = await t.admin.query('select kind from public.task_events where task_id = $1 order by id', [retry]);
    expect(rows.map((r) => r.kind)).toEqual(['submitted', 'claimed', 'completed']);
  });

  it('still refuses to clear retry_of while the task it names exists, and keeps a finished retry final', async () => {
    const { original, retry } = await retried();
    const cleared = await failure(t.admin.query('update public.tasks set retry_of = null where id = $1', [retry]));
    expect(cleared.code).toBe('UT005');
    await asService(t.admin, 'public.claim_task($1)', [retry]);
    await asService(t.admin, "public.fail_task($1, 1, 'boom')", [retry]);
    await deleteTask(original);
    const reopened = await failure(t.admin.query("update public.tasks set error_code = 'other' where id = $1", [retry]));
    expect(reopened.code).toBe('UT005');
    expect(await readTask(t.admin, retry)).toMatchObject({ retry_of: null, error_code: 'boom' });
  });

  // A role that is not the table's owner, granted what it needs on public.tasks and nothing on
  // unstuck_internal, whose functions the guards call; it works on a connection of its own, as a
  // job's would (one where the guards already ran as the owner has their calls planned already).
  const grantedRole = 'sbx_deleteretried_writer';
  useGrantedRole(t, grantedRole, 'select, update');

  it('refuses a finished row written by a role granted UPDATE, not the owner, with UT005 (not a permission error)', async () => {
    const { retry } = await retried();
    await asService(t.admin, 'public.claim_task($1)', [retry]);
    await asService(t.admin, "public.fail_task($1, 1, 'boom')", [retry]);
    const writer = await t.connect();
    await writer.query(`set role ${grantedRole}`);
    const refused = await failure(writer.query("update public.tasks set error_code = 'other' where id = $1", [retry]));
    expect(refused).toMatchObject({ code: 'UT005', message: expect.stringMatching(/is failed, which is final/) });
    const cleared = await failure(writer.query('update public.tasks set retry_of = null where id = $1', [retry]));
    expect(cleared.code).toBe('UT005');
    expect(await readTask(t.admin, retry)).toMatchObject({ error_code: 'boom' });
  });
});
