-- The audit trail: one row per state change and per cancel request, written by triggers on
-- `tasks` (never by clients). `actor` comes from the transaction-local setting `unstuck.actor`,
-- which every function of the contract sets for its own duration: user, worker or reaper.
-- Anything else (an admin's direct write, a migration) is recorded as `system`.

create table public.task_events (
  id bigserial primary key,
  -- no foreign key: its per-row check would cost more than the rest of a large reap; the
  -- delete trigger below removes a deleted task's events instead
  task_id uuid not null,
  user_id uuid not null,
  actor text not null check (actor in ('user', 'worker', 'reaper', 'system')),
  kind text not null,
  from_status text,
  to_status text,
  reason text,
  at timestamptz not null default now()
);

comment on table public.task_events is 'Unstuck: audit trail of tasks, written by triggers.';

create index task_events_task_idx on public.task_events (task_id, id);

-- Small SQL helpers carry no SET clause so that PostgreSQL can inline them into the statements
-- that call them; their bodies only name pg_catalog functions.
create function unstuck_internal.current_actor() returns text
language sql stable
as $$
  select case
    when current_setting('unstuck.actor', true) in ('user', 'worker', 'reaper')
      then current_setting('unstuck.actor', true)
    else 'system'
  end
$$;

-- Statement-level triggers with transition tables: a reap of 10,000 rows writes its 10,000 events
-- in one INSERT ... SELECT instead of 10,000 trigger calls.
create function unstuck_internal.log_inserted_tasks() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_actor text := unstuck_internal.current_actor();
begin
  insert into public.task_events (task_id, user_id, actor, kind, from_status, to_status, reason)
  select n.id, n.user_id, v_actor, 'submitted', null, n.status, n.retry_of::text
  from new_rows n
  union all
  -- the task being retried learns which task retries it
  select n.retry_of, n.user_id, v_actor, 'retried', null, null, n.id::text
  from new_rows n
  where n.retry_of is not null;
  return null;
end
$$;

create function unstuck_internal.log_updated_tasks() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_actor text := unstuck_internal.current_actor();
begin
  -- An UPDATE that changed no row (every idle reaper run, four times) returns here: starting the
  -- INSERT below costs several times more than looking at the empty transition table.
  if not exists (select from new_rows) then
    return null;
  end if;
  insert into public.task_events (task_id, user_id, actor, kind, from_status, to_status, reason)
  select n.id, n.user_id, v_actor,
         case
           when n.status = o.status then 'cancel_requested'
           when n.status = 'processing' then 'claimed'
           else n.status
         end,
         o.status, n.status,
         case when n.status <> o.status then n.error_code end
  from new_rows n
  join old_rows o on o.id = n.id
  where n.status <> o.status
     or (n.cancel_requested_at is not null and o.cancel_requested_at is null);
  return null;
end
$$;

create trigger tasks_log_insert
  after insert on public.tasks
  referencing new table as new_rows
  for each statement execute function unstuck_internal.log_inserted_tasks();

create trigger tasks_log_update
  after update on public.tasks
  referencing old table as old_rows new table as new_rows
  for each statement execute function unstuck_internal.log_updated_tasks();

create function unstuck_internal.forget_deleted_tasks() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  delete from public.task_events e using old_rows o where e.task_id = o.id;
  return null;
end
$$;

create trigger tasks_forget_events
  after delete on public.tasks
  referencing old table as old_rows
  for each statement execute function unstuck_internal.forget_deleted_tasks();
