// The guard trigger (0005) carries a WHEN condition so that writes that already obey every rule
// and carry every stamp (the reaper's) skip the PL/pgSQL call. Skipping must change nothing: for
// many direct writes, on rows in every state, the outcome (the row written, or the error) must be
// the same as with the function called for every row.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ALICE, asService, asUser, noPostgres, runningTask, submit, useTestDatabase } from './support';

// Each column a write may set, with the values tried; `null` in the list means "leave it alone".
const CHOICES: Record<string, (string | null)[]> = {
  status: [null, "'pending'", "'processing'", "'completed'", "'failed'", "'cancelled'"],
  updated_at: [null, 'now()', "now() - interval '1 hour'"],
  started_at: [null, 'now()', 'null', "now() - interval '1 hour'"],
  attempt: [null, 'attempt + 1', 'attempt + 2'],
  heartbeat_at: [null, 'now()', 'null', "now() - interval '1 hour'"],
  cancel_requested_at: [null, 'now()', 'null', "now() - interval '1 hour'"],
  finished_at: [null, 'now()', 'null'],
  error_code: [null, "'x'"],
  payload: [null, 'payload', `'{"other":1}'`],
};

/** A deterministic pseudo-random generator (mulberry32), so that a failure can be replayed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function randomWrite(next: () => number): string {
  const sets: string[] = [];
  for (const [column, values] of Object.entries(CHOICES)) {
    const value = values[Math.floor(next() * values.length)];
    if (value !== null && value !== undefined) sets.push(`${column} = ${value}`);
  }
  return sets.length > 0 ? sets.join(', ') : 'progress = progress';
}

// The row written, with the transaction's now() shown as "now" (the two runs of a write happen
// in two transactions, so now() differs between them), or the error.
const OUTCOME = `
  select jsonb_object_agg(key, case when value = to_jsonb(now()) then '"now"'::jsonb else value end) as row
  from jsonb_each((select to_jsonb(t) from public.tasks t where id = $1))`;

async function outcome(client: pg.Client, id: string, write: string, everyRow: boolean): Promise<unknown> {
  await client.query('begin');
  try {
    if (everyRow) {
      // the same function, without the WHEN condition: called for every row
      await client.query(`drop trigger tasks_guard_update on public.tasks;
        create trigger tasks_guard_update before update on public.tasks
        for each row execute function unstuck_internal.guard_task_update()`);
    }
    await client.query('savepoint write');
    try {
      await client.query(`update public.tasks set ${write} where id = $1`, [id]);
    } catch (error) {
      const e = error as { code?: string; message: string };
      return { error: e.code, message: e.message };
    }
    return (await client.query(OUTCOME, [id])).rows[0].row;
  } finally {
    await client.query('rollback');
  }
}

describe.skipIf(noPostgres)('the guard trigger skips only calls that would change nothing', () => {
  const t = useTestDatabase('guard_when');

  it('gives the same outcome as calling the guard for every row, for 300 random direct writes', async () => {
    const pending = (await submit(t.admin, ALICE, 'report')).task;
    const processing = await runningTask(t.admin, ALICE);
    const cancelling = await runningTask(t.admin, ALICE, 'default');
    await asUser(t.admin, ALICE, 'public.request_task_cancel($1)', [cancelling.id]);
    const completed = await runningTask(t.admin, ALICE, 'demo');
    await asService(t.admin, 'public.complete_task($1, 1)', [completed.id]);
    const rows = [pending.id, processing.id, cancelling.id, completed.id];

    const next = generator(20261204);
    let written = 0;
    for (let i = 0; i < 300; i += 1) {
      const id = rows[i % rows.length]!;
      const write = randomWrite(next);
      const withWhen = await outcome(t.admin, id, write, false);
      const everyRow = await outcome(t.admin, id, write, true);
      expect(withWhen, write).toEqual(everyRow);
      if (!(withWhen as { error?: string }).error) written += 1;
    }
    // the matrix must exercise both outcomes, not only errors
    expect(written).toBeGreaterThan(20);
    expect(written).toBeLessThan(280);
  });

  it('calls the function for a write that needs stamping, not for the reaper-shaped write', async () => {
    const task = await runningTask(t.admin, ALICE);
    // calls of the guard function in this transaction (track_functions is a superuser setting)
    const calls = async () =>
      Number((await t.admin.query(
        `select coalesce(sum(calls), 0) as n from pg_stat_xact_user_functions
         where schemaname = 'unstuck_internal' and funcname = 'guard_task_update'`,
      )).rows[0].n);
    await t.admin.query("begin; set local track_functions = 'pl'");
    try {
      await t.admin.query('update public.tasks set progress = 0.5 where id = $1', [task.id]);
      expect(await calls()).toBe(1); // updated_at must be stamped
      await t.admin.query(
        `update public.tasks set status = 'failed', error_code = 'heartbeat_timeout',
           updated_at = now(), finished_at = now() where id = $1`,
        [task.id],
      );
      expect(await calls()).toBe(1); // already stamped and legal: skipped
      const { rows } = await t.admin.query('select status, finished_at = now() as stamped from public.tasks where id = $1', [task.id]);
      expect(rows[0]).toEqual({ status: 'failed', stamped: true });
    } finally {
      await t.admin.query('rollback');
    }
  });
});
