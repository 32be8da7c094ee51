// Who may see and do what: row level security between two users, the grants of each API role,
// and bad input answered with the contract's error codes.
import { describe, expect, it } from 'vitest';
import { withAnon, withService, withUser } from '../src/index';
import {
  ALICE,
  BOB,
  asService,
  asUser,
  failure,
  noPostgres,
  runningTask,
  submit,
  useTestDatabase,
} from './support';

describe.skipIf(noPostgres)('row level security and grants on PostgreSQL', () => {
  const t = useTestDatabase('security');

  it("hides one user's tasks and events from another", async () => {
    const { task } = await submit(t.admin, ALICE, 'report');
    await submit(t.admin, BOB, 'report');
    const seenByBob = await withUser(t.admin, BOB, (c) =>
      c.query('select id from public.tasks where id = $1', [task.id]),
    );
    expect(seenByBob.rows).toEqual([]);
    const eventsForBob = await withUser(t.admin, BOB, (c) =>
      c.query('select id from public.task_events where task_id = $1', [task.id]),
    );
    expect(eventsForBob.rows).toEqual([]);
    const mine = await withUser(t.admin, ALICE, (c) =>
      c.query('select kind, actor from public.task_events where task_id = $1', [task.id]),
    );
    expect(mine.rows).toEqual([{ kind: 'submitted', actor: 'user' }]);
    const all = await withUser(t.admin, ALICE, (c) => c.query('select distinct user_id from public.tasks'));
    expect(all.rows).toEqual([{ user_id: ALICE }]);
  });

  it("answers not_found (UT001) to cancel or retry of another user's task", async () => {
    const task = await runningTask(t.admin, ALICE);
    for (const fn of ['public.request_task_cancel($1)', 'public.retry_task($1)']) {
      const error = await failure(asUser(t.admin, BOB, fn, [task.id]));
      expect(error.code, fn).toBe('UT001');
      expect(error.message).toMatch(/^not_found: task .* does not exist or is not yours/);
    }
    const missing = await failure(asUser(t.admin, ALICE, 'public.retry_task(gen_random_uuid())'));
    expect(missing.code).toBe('UT001');
  });

  it("never lets a submit reap or return another user's task", async () => {
    const { task } = await submit(t.admin, ALICE, 'image_generation');
    const bobs = await submit(t.admin, BOB, 'image_generation');
    expect(bobs.created).toBe(true);
    expect(bobs.task.id).not.toBe(task.id);
    expect(bobs.reaped_task_id).toBeNull();
  });

  it('lets nobody but the functions write the tables', async () => {
    const { task } = await submit(t.admin, ALICE, 'report');
    const writes = [
      ["insert into public.tasks (user_id, type) values ($1, 'report')", [ALICE]],
      ["update public.tasks set status = 'completed' where id = $1", [task.id]],
      ['delete from public.tasks where id = $1', [task.id]],
      ["insert into public.task_events (task_id, user_id, actor, kind) values ($1, $2, 'user', 'x')", [task.id, ALICE]],
      ["update public.task_types set pending_timeout = '1 year'", []],
    ] as const;
    for (const [sql, params] of writes) {
      for (const act of [
        (fn: Parameters<typeof withAnon>[1]) => withUser(t.admin, ALICE, fn),
        (fn: Parameters<typeof withAnon>[1]) => withService(t.admin, fn),
        (fn: Parameters<typeof withAnon>[1]) => withAnon(t.admin, fn),
      ]) {
        const error = await failure(act((c) => c.query(sql, [...params])));
        expect(error.code, sql).toBe('42501');
      }
    }
  });

  it('reserves worker functions and the reaper for service_role (42501 for users)', async () => {
    const task = await runningTask(t.admin, ALICE);
    for (const fn of [
      'public.claim_task($1)',
      'public.heartbeat_task($1, 1)',
      'public.complete_task($1, 1)',
      'public.fail_task($1, 1)',
      'public.ack_task_cancel($1, 1)',
    ]) {
      expect((await failure(asUser(t.admin, ALICE, fn, [task.id]))).code, fn).toBe('42501');
    }
    expect((await failure(asUser(t.admin, ALICE, 'public.reap_stuck_tasks()'))).code).toBe('42501');
    const internal = await failure(asUser(t.admin, ALICE, 'unstuck_internal.require_user()'));
    expect(internal.code).toBe('42501');
  });

  it('asks for a signed-in user (UT006) and refuses anon (42501)', async () => {
    const noSub = await failure(asService(t.admin, "public.submit_task('report')"));
    expect(noSub.code).toBe('UT006');
    expect(noSub.message).toMatch(/^unauthorized: /);
    const anon = await failure(withAnon(t.admin, (c) => c.query("select public.submit_task('report')")));
    expect(anon.code).toBe('42501');
  });

  it('lets everyone read the task types and the server time', async () => {
    const types = await withAnon(t.admin, (c) =>
      c.query("select pending_timeout::text, heartbeat_timeout::text from public.task_types where type = 'default'"),
    );
    expect(types.rows).toEqual([{ pending_timeout: '00:30:00', heartbeat_timeout: '00:20:00' }]);
    const time = await withAnon(t.admin, (c) => c.query('select public.server_time() as now'));
    expect(Math.abs(time.rows[0].now.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe.skipIf(noPostgres)('bad input on PostgreSQL', () => {
  const t = useTestDatabase('badinput');

  it('rejects a malformed id before anything runs (22P02)', async () => {
    const error = await failure(asUser(t.admin, ALICE, 'public.request_task_cancel($1)', ['not-a-uuid']));
    expect(error.code).toBe('22P02');
  });

  it('rejects an unknown type (UT002)', async () => {
    const error = await failure(submit(t.admin, ALICE, 'no_such_type'));
    expect(error.code).toBe('UT002');
    expect(error.message).toMatch(/^unknown_type: /);
  });

  it("rejects a payload over the type's cap (UT003)", async () => {
    const error = await failure(submit(t.admin, ALICE, 'report', { blob: 'x'.repeat(70_000) }));
    expect(error.code).toBe('UT003');
    expect(error.message).toMatch(/^payload_too_large: /);
    const ok = await submit(t.admin, ALICE, 'report', { blob: 'x'.repeat(60_000) });
    expect(ok.created).toBe(true);
  });

  it('rejects progress outside 0..1 (UT004) and leaves the row alone', async () => {
    const task = await runningTask(t.admin, ALICE);
    for (const progress of [-0.1, 1.5, 'NaN']) {
      const error = await failure(asService(t.admin, 'public.heartbeat_task($1, 1, $2)', [task.id, progress]));
      expect(error.code, String(progress)).toBe('UT004');
    }
  });

  it('rejects a claim with neither id nor type, and a bad error code (UT004)', async () => {
    expect((await failure(asService(t.admin, 'public.claim_task()'))).code).toBe('UT004');
    const task = await runningTask(t.admin, ALICE);
    const error = await failure(asService(t.admin, "public.fail_task($1, 1, 'Not A Code')", [task.id]));
    expect(error.code).toBe('UT004');
  });

  it('answers UT001 to a worker writing a task that does not exist', async () => {
    const error = await failure(asService(t.admin, 'public.heartbeat_task(gen_random_uuid(), 1)'));
    expect(error.code).toBe('UT001');
  });

  it('refuses retry of a completed task or of a healthy running one (UT005)', async () => {
    const running = await runningTask(t.admin, ALICE);
    const healthy = await failure(asUser(t.admin, ALICE, 'public.retry_task($1)', [running.id]));
    expect(healthy.code).toBe('UT005');
    await asService(t.admin, 'public.complete_task($1, 1)', [running.id]);
    const done = await failure(asUser(t.admin, ALICE, 'public.retry_task($1)', [running.id]));
    expect(done.code).toBe('UT005');
    expect(done.message).toMatch(/^illegal_state: /);
  });
});
