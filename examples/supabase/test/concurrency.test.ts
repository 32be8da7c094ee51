// Races over parallel connections: concurrent submits of an exclusive type, and the reaper
// against heartbeats, completions and another reaper, hundreds of times. The invariants: no
// completion is ever lost, no task whose heartbeat was accepted is reaped, nothing is reaped twice.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { withService, withUser, type ReapCounts } from '../src/index';
import { ALICE, asService, asUser, noPostgres, submit, useTestDatabase, waitUntilBlocked, type Admission } from './support';

const ITERATIONS = 300;

// One round trip: the ids come from the database, so inlining them as literals is safe.
async function backdate(admin: pg.Client, ids: string[]): Promise<void> {
  const list = ids.map((id) => `'${id}'`).join(', ');
  await admin.query(
    `begin; set local session_replication_role = replica;
     update public.tasks set started_at = now() - interval '21 minutes' where id in (${list}); commit;`,
  );
}

describe.skipIf(noPostgres)('concurrency on PostgreSQL', () => {
  const t = useTestDatabase('concurrency');

  it('settles two concurrent submits of an exclusive type on one task (the second waits, then attaches)', async () => {
    const [first, second] = [await t.connect(), await t.connect()];
    const secondPid: number = (await second.query('select pg_backend_pid() as pid')).rows[0].pid;
    // first submits inside an open transaction; second submits and must wait for its turn
    await first.query('begin');
    await first.query("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: ALICE, role: 'authenticated' }),
    ]);
    const winner = (await first.query("select public.submit_task('image_generation') as r")).rows[0].r as Admission;
    const loser = withUser(second, ALICE, (c) => c.query("select public.submit_task('image_generation') as r"));
    await waitUntilBlocked(t.admin, secondPid);
    await first.query('commit');
    const answer = (await loser).rows[0].r as Admission;
    expect(winner.created).toBe(true);
    expect(answer).toMatchObject({ created: false });
    expect(answer.task.id).toBe(winner.task.id);
    const { rows } = await t.admin.query(
      "select count(*)::int as n from public.tasks where user_id = $1 and type = 'image_generation'",
      [ALICE],
    );
    expect(rows[0].n).toBe(1);
  });

  it('lets many parallel submits create exactly one active exclusive task', async () => {
    const clients = await Promise.all([t.connect(), t.connect(), t.connect(), t.connect()]);
    const user = 'c0c00000-0000-4000-8000-000000000003';
    const answers = await Promise.all(clients.map((c) => submit(c, user, 'demo')));
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.task.id)).size).toBe(1);
  });

  it(`races the reaper against heartbeats, completions and another reaper (${ITERATIONS}×)`, async () => {
    const [worker1, worker2, reaper1, reaper2] = await Promise.all([t.connect(), t.connect(), t.connect(), t.connect()]);
    // Two processing tasks per iteration, each made stuck (21 minutes without a beat) just before its race.
    const { rows: tasks } = await t.admin.query<{ id: string }>(
      `insert into public.tasks (user_id, type)
       select gen_random_uuid(), 'report' from generate_series(1, $1) returning id`,
      [ITERATIONS * 2],
    );
    await t.admin.query("update public.tasks set status = 'processing' where status = 'pending' and type = 'report'");

    const answers: Array<{ completing: string; beating: string; completed: boolean; beat: boolean }> = [];
    let reapedTotal = 0;
    for (let i = 0; i < ITERATIONS; i += 1) {
      const completing = tasks[2 * i]!.id;
      const beating = tasks[2 * i + 1]!.id;
      await backdate(t.admin, [completing, beating]);
      const [complete, beat, reapA, reapB] = await Promise.all([
        asService<{ accepted: boolean }>(worker1, "public.complete_task($1, 1, '{\"ok\":true}')", [completing]),
        asService<{ accepted: boolean }>(worker2, 'public.heartbeat_task($1, 1, 0.5)', [beating]),
        withService(reaper1, (c) => c.query('select public.reap_stuck_tasks() as r')),
        withService(reaper2, (c) => c.query('select public.reap_stuck_tasks() as r')),
      ]);
      for (const reap of [reapA, reapB]) reapedTotal += (reap.rows[0].r as ReapCounts).heartbeat_timeout;
      answers.push({ completing, beating, completed: complete.accepted, beat: beat.accepted });
    }

    const { rows: finals } = await t.admin.query<{ id: string; status: string; error_code: string | null }>(
      'select id, status, error_code from public.tasks where id = any($1)',
      [tasks.map((task) => task.id)],
    );
    const final = new Map(finals.map((row) => [row.id, row]));
    const reaped = { status: 'failed', error_code: 'heartbeat_timeout' };
    const outcomes = { completedWon: 0, reaperWonOverComplete: 0, heartbeatWon: 0, reaperWonOverHeartbeat: 0 };
    for (const answer of answers) {
      // a completion the worker was told about stays; otherwise the reaper had it
      expect(final.get(answer.completing)).toMatchObject(answer.completed ? { status: 'completed' } : reaped);
      // a task whose heartbeat was accepted is never reaped afterwards
      expect(final.get(answer.beating)).toMatchObject(answer.beat ? { status: 'processing' } : reaped);
      outcomes[answer.completed ? 'completedWon' : 'reaperWonOverComplete'] += 1;
      outcomes[answer.beat ? 'heartbeatWon' : 'reaperWonOverHeartbeat'] += 1;
    }
    // Nothing reaped twice: the two reapers' counts add up to the failed rows, one event each.
    const { rows } = await t.admin.query(
      `select count(*)::int as failed,
              (select count(*)::int from public.task_events e
               where e.reason = 'heartbeat_timeout' and e.kind = 'failed') as events
       from public.tasks where error_code = 'heartbeat_timeout'`,
    );
    expect(rows[0]).toEqual({ failed: reapedTotal, events: reapedTotal });
    console.info('[supabase-example] reaper race outcomes', outcomes);
    expect(outcomes.completedWon + outcomes.reaperWonOverComplete).toBe(ITERATIONS);
    // the races were real: each side won some of them
    expect(outcomes.completedWon + outcomes.heartbeatWon).toBeGreaterThan(0);
    expect(outcomes.reaperWonOverComplete + outcomes.reaperWonOverHeartbeat).toBeGreaterThan(0);
  }, 120_000);

  // The active task is being finished (a worker's completion, the owner's cancel) by a transaction
  // that has not committed yet when a new submit looks at it. Answering with it (created=false)
  // would start nothing: a moment later it is completed or cancelled, and the user's new task is
  // lost. The submit waits for that write instead, then starts the new task.
  it.each([
    { finishing: 'a worker completes it', claimed: true, role: 'service_role', sub: null, sql: 'select public.complete_task($1, 1)' },
    { finishing: 'its owner cancels it (pending)', claimed: false, role: 'authenticated', sub: ALICE, sql: 'select public.request_task_cancel($1)' },
  ])('a submit does not answer with the active exclusive task while $finishing', async ({ claimed, role, sub, sql }) => {
    await t.admin.query("delete from public.tasks where user_id = $1 and type = 'image_generation'", [ALICE]);
    const { task } = await submit(t.admin, ALICE, 'image_generation');
    if (claimed) await asService(t.admin, 'public.claim_task($1)', [task.id]);
    const [finisher, submitter] = [await t.connect(), await t.connect()];
    const submitterPid: number = (await submitter.query('select pg_backend_pid() as pid')).rows[0].pid;
    await finisher.query('begin');
    await finisher.query("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)", [
      role, JSON.stringify({ sub, role }),
    ]);
    await finisher.query(sql, [task.id]);
    const answer = submit(submitter, ALICE, 'image_generation');
    // Either the submit waits for the finishing write (as it must), or it answers at once.
    await Promise.race([answer.catch(() => undefined), waitUntilBlocked(t.admin, submitterPid).catch(() => undefined)]);
    await finisher.query('commit');
    const admission = await answer;
    expect(admission.created).toBe(true);
    expect(admission.task.id).not.toBe(task.id);
    expect(admission.task.status).toBe('pending');
  });

  it('reaps a task whose worker beats only after the reaper committed, and tells the worker', async () => {
    const { task } = await submit(t.admin, ALICE, 'default');
    await asService(t.admin, 'public.claim_task($1)', [task.id]);
    await backdate(t.admin, [task.id]);
    await asService(t.admin, 'public.reap_stuck_tasks()');
    expect(await asService(t.admin, 'public.heartbeat_task($1, 1)', [task.id])).toEqual({
      accepted: false,
      keep_going: false,
      reason: 'not_active',
    });
  });

  it('never deadlocks reapers against submits and retries reaping one user\'s several stuck tasks', async () => {
    const user = 'dead10c0-0000-4000-8000-000000000004';
    const clients = await Promise.all(Array.from({ length: 8 }, () => t.connect()));
    const failures: string[] = [];
    for (let round = 0; round < 40; round += 1) {
      // six stuck pending tasks of one user and one non-exclusive type (triggers off to back-date)
      await t.admin.query(
        `begin; set local session_replication_role = replica;
         insert into public.tasks (user_id, type, created_at, updated_at)
         select $1, 'report', now() - interval '2 hours' - random() * interval '1 hour', now() - interval '2 hours'
         from generate_series(1, 6); commit;`.replace('$1', `'${user}'`),
      );
      const { rows } = await t.admin.query(
        `select id from public.tasks where user_id = $1 and status = 'pending'
           and created_at < now() - interval '1 hour' order by random() limit 3`, [user],
      );
      const calls = [
        asService(clients[0]!, 'public.reap_stuck_tasks()'),
        asService(clients[1]!, 'public.reap_stuck_tasks()'),
        ...rows.map((row: { id: string }, i) => asUser(clients[2 + i]!, user, 'public.retry_task($1)', [row.id])),
        ...[5, 6, 7].map((i) => submit(clients[i]!, user, 'report')),
      ];
      for (const outcome of await Promise.allSettled(calls)) {
        if (outcome.status === 'rejected') failures.push(String((outcome.reason as { code?: string }).code));
      }
    }
    // A retry may lose its stuck task to a reaper first (then it retries a failed task: fine), but
    // nothing may fail, least of all with 40P01 deadlock_detected.
    expect(failures).toEqual([]);
  });
});
