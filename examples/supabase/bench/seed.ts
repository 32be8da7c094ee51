// Bench data: 1,000,000 tasks written straight into the table (triggers skipped with
// session_replication_role = replica, as only a superuser can), of which
//   10,000 stuck, 2,500 per reaper rule;
//   10,000 healthy and active (pending for 1 minute, or processing with a fresh heartbeat);
//   980,000 finished long ago.
// The stuck rows are copied to bench_stuck so that every measured run starts from the same data.
import type pg from 'pg';

/** 1,000,000 unless env UNSTUCK_BENCH_ROWS asks for fewer (quick trial runs only). */
export const TOTAL = Number(process.env.UNSTUCK_BENCH_ROWS ?? 1_000_000);
export const STUCK = 10_000;
const HEALTHY_ACTIVE = 10_000;

const SEED = `
insert into public.tasks (id, user_id, type, status, payload, attempt, exclusive,
  created_at, updated_at, started_at, heartbeat_at, finished_at, cancel_requested_at,
  error_code, result, progress)
select gen_random_uuid(), gen_random_uuid(), (array['default', 'report'])[1 + g % 2],
  s.status, '{"bench":true}'::jsonb, case when s.status = 'pending' then 0 else 1 end, false,
  s.created_at, coalesce(s.finished_at, s.created_at), s.started_at, s.heartbeat_at, s.finished_at,
  s.cancel_requested_at, null, case when s.status = 'completed' then '{"ok":true}'::jsonb end,
  case when s.status = 'completed' then 1 end
from generate_series(1, $1::int) g
cross join lateral (
  select * from (values
    -- stuck, one rule in four
    (g <= $2 and g % 4 = 0, 'pending', now() - interval '40 minutes', null::timestamptz, null::timestamptz, null::timestamptz, null::timestamptz),
    (g <= $2 and g % 4 = 1, 'processing', now() - interval '30 minutes', now() - interval '30 minutes', now() - interval '25 minutes', null, null),
    (g <= $2 and g % 4 = 2, 'processing', now() - interval '3 hours', now() - interval '3 hours', now() - interval '1 minute', null, null),
    (g <= $2 and g % 4 = 3, 'processing', now() - interval '10 minutes', now() - interval '10 minutes', now() - interval '1 minute', null, now() - interval '5 minutes'),
    -- healthy and active
    (g > $2 and g <= $2 + $3 and g % 2 = 0, 'pending', now() - interval '1 minute', null, null, null, null),
    (g > $2 and g <= $2 + $3 and g % 2 = 1, 'processing', now() - interval '5 minutes', now() - interval '5 minutes', now() - interval '10 seconds', null, null),
    -- finished long ago
    (g > $2 + $3, 'completed', now() - interval '3 days', now() - interval '3 days', now() - interval '3 days', now() - interval '3 days' + interval '1 minute', null)
  ) as v(pick, status, created_at, started_at, heartbeat_at, finished_at, cancel_requested_at)
  where v.pick
) s`;

async function asSuperuserWithoutTriggers(client: pg.Client, sql: string, params: unknown[] = []): Promise<void> {
  await client.query('begin');
  await client.query('set local session_replication_role = replica');
  await client.query(sql, params);
  await client.query('commit');
}

// Loading a million rows into nine indexes row by row takes minutes on two cores; building the
// indexes afterwards takes seconds. The definitions are read back from the catalog, so the bench
// measures exactly the migrations' indexes and constraints.
async function withoutIndexes(client: pg.Client, load: () => Promise<void>): Promise<void> {
  const { rows: constraints } = await client.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
     where conrelid = 'public.tasks'::regclass and contype in ('p', 'f') order by contype desc`,
  );
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes
     where schemaname = 'public' and tablename = 'tasks' and indexname <> 'tasks_pkey'`,
  );
  for (const { name } of constraints.filter((c) => c.def.startsWith('FOREIGN'))) {
    await client.query(`alter table public.tasks drop constraint ${name}`);
  }
  await client.query('alter table public.tasks drop constraint tasks_pkey');
  for (const { name } of indexes) await client.query(`drop index public.${name}`);
  await load();
  await client.query("set maintenance_work_mem = '256MB'");
  for (const { name, def } of constraints.filter((c) => !c.def.startsWith('FOREIGN'))) {
    await client.query(`alter table public.tasks add constraint ${name} ${def}`);
  }
  for (const { def } of indexes) await client.query(def);
  for (const { name, def } of constraints.filter((c) => c.def.startsWith('FOREIGN'))) {
    await client.query(`alter table public.tasks add constraint ${name} ${def}`);
  }
}

/** Fills the table and remembers the stuck rows. */
export async function seed(client: pg.Client): Promise<void> {
  await withoutIndexes(client, () => asSuperuserWithoutTriggers(client, SEED, [TOTAL, STUCK, HEALTHY_ACTIVE]));
  await client.query(
    `create table bench_stuck as
     select id, status, updated_at from public.tasks t
     where (status = 'pending' and created_at < now() - interval '35 minutes')
        or (status = 'processing' and (started_at < now() - interval '2 hours'
            or heartbeat_at < now() - interval '20 minutes' or cancel_requested_at is not null))`,
  );
  await client.query('vacuum analyze public.tasks');
}

/** Puts the stuck rows back as they were seeded and forgets the events a reap wrote. */
export async function reset(client: pg.Client): Promise<void> {
  await asSuperuserWithoutTriggers(
    client,
    `update public.tasks t
     set status = s.status, updated_at = s.updated_at, finished_at = null, error_code = null, error_message = null
     from bench_stuck s where t.id = s.id`,
  );
  await client.query('truncate public.task_events');
  await client.query('vacuum analyze public.tasks');
}

/** How many rows are stuck now, by the reaper's own rules. */
export async function countStuck(client: pg.Client): Promise<number> {
  const { rows } = await client.query(
    `select count(*)::int as n from public.tasks t join public.task_types tt on tt.type = t.type
     where t.status in ('pending', 'processing') and unstuck_internal.stuck_reason(t, tt) is not null`,
  );
  return rows[0].n;
}
