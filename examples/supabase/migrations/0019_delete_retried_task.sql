-- A task that was retried can be deleted (an admin's retention job, a user's data removed on
-- request). Its retries name it in `retry_of`, whose foreign key (0003) sets it to null on delete;
-- that UPDATE runs the guards of 0005 like any other, and they refused it: tasks_keep_identity
-- because retry_of never changes, tasks_guard_update because a finished retry is final. So the
-- DELETE of every task with a retry failed with UT005, and with it a whole cleanup statement.
--
-- The foreign key's write is told apart by what it is, not by who runs it: it clears retry_of,
-- the task it named no longer exists (deleted earlier in this transaction, or the foreign key
-- would not run), and nothing else of the row changes. Any other write keeps the old answers: a
-- retry_of cleared while its task exists is an identity change, and a finished task still takes
-- no other change. The cleared row's updated_at moves, as at every write of a row.

-- Each guard checks for that write itself, and only where it would refuse the write otherwise (an
-- identity column named, a finished row written), so reading the whole row costs nothing on the hot
-- paths. Not through a function of unstuck_internal: a role that is not the table's owner but was
-- granted UPDATE on public.tasks (a retention job's) has no USAGE on that schema, and every write
-- the guards refuse would fail for it with 42501 instead of UT005. The cheap tests come first, in an
-- IF of their own, so only a write that clears retry_of reads the table (as the writing role).

create or replace function unstuck_internal.refuse_identity_change() returns trigger
language plpgsql
as $$
begin
  if old.retry_of is not null and new.retry_of is null then
    if not exists (select 1 from public.tasks t where t.id = old.retry_of)
       and to_jsonb(new) - 'retry_of' - 'updated_at' = to_jsonb(old) - 'retry_of' - 'updated_at' then
      return new;
    end if;
  end if;
  raise exception using errcode = 'UT005',
    message = format('illegal_state: id, user_id, type, payload, created_at, exclusive and '
      'retry_of of task %s never change', old.id);
end
$$;

-- 0005's guard, with the foreign key's write let through on a finished row (and stamped there).
create or replace function unstuck_internal.guard_task_update() returns trigger
language plpgsql
as $$
begin
  if old.status in ('completed', 'failed', 'cancelled') then
    if old.retry_of is not null and new.retry_of is null then
      if not exists (select 1 from public.tasks t where t.id = old.retry_of)
         and to_jsonb(new) - 'retry_of' - 'updated_at' = to_jsonb(old) - 'retry_of' - 'updated_at' then
        new.updated_at := now();
        return new;
      end if;
    end if;
    raise exception using errcode = 'UT005',
      message = format('illegal_state: task %s is %s, which is final', old.id, old.status);
  end if;
  if new.status <> old.status and not (
       (old.status = 'pending' and new.status in ('processing', 'cancelled', 'failed'))
    or (old.status = 'processing' and new.status in ('completed', 'failed', 'cancelled'))
  ) then
    raise exception using errcode = 'UT005',
      message = format('illegal_state: task %s cannot go from %s to %s', old.id, old.status, new.status);
  end if;

  -- Timestamps come from the database clock, whatever the statement asked for.
  new.updated_at := now();
  if old.status = 'pending' and new.status = 'processing' then
    new.started_at := now();
    new.attempt := old.attempt + 1; -- a claim bumps the fencing token by exactly one
  else
    new.started_at := old.started_at;
    new.attempt := old.attempt;
  end if;
  if new.status = 'processing' and new.heartbeat_at is distinct from old.heartbeat_at then
    new.heartbeat_at := now();
  else
    new.heartbeat_at := old.heartbeat_at;
  end if;
  -- a cancel request is recorded once and never withdrawn
  if old.cancel_requested_at is not null then
    new.cancel_requested_at := old.cancel_requested_at;
  elsif new.cancel_requested_at is not null then
    new.cancel_requested_at := now();
  end if;
  new.finished_at := case when new.status in ('completed', 'failed', 'cancelled') then now() end;
  return new;
end
$$;

-- The event log's triggers name unstuck_internal.current_actor() and write public.task_events: run
-- as the writing role, they refused every write and every DELETE (the retry_of foreign key's SET NULL
-- UPDATE fires them even for no row) of a role that is not the table's owner with 42501. Run as
-- their owner; the actor still comes from the session's unstuck.actor, not from the role.
alter function unstuck_internal.log_inserted_tasks() security definer;
alter function unstuck_internal.log_updated_tasks() security definer;
alter function unstuck_internal.forget_deleted_tasks() security definer;
