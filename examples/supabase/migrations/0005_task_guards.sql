-- The rules every write to `tasks` obeys, whoever writes it (the contract's functions, an admin,
-- a buggy worker with table grants): the database clock sets every timestamp, status only moves
-- along legal transitions, terminal states are final and identity columns never change.
--
-- Test-only escape hatch: a superuser may back-date rows with
--   set local session_replication_role = replica;
-- which skips ordinary triggers for that transaction (see backdateTask in src/index.ts). That
-- setting needs superuser, so no API role can use it.

-- Row-level trigger functions run once per row: they carry no SET clause (its cost is paid per
-- call) and name every relation with its schema instead.
create function unstuck_internal.prepare_new_task() returns trigger
language plpgsql
as $$
declare
  v_type public.task_types;
begin
  select * into v_type from public.task_types t where t.type = new.type;
  if not found then
    raise exception using errcode = 'UT002',
      message = format('unknown_type: task type %L is not registered in task_types', new.type);
  end if;
  if new.status is distinct from 'pending' then
    raise exception using errcode = 'UT005',
      message = format('illegal_state: a task starts pending, not %s', new.status);
  end if;
  new.payload := coalesce(new.payload, '{}'::jsonb);
  if octet_length(new.payload::text) > v_type.max_payload_bytes then
    raise exception using errcode = 'UT003',
      message = format('payload_too_large: payload is %s bytes, type %s allows %s',
        octet_length(new.payload::text), new.type, v_type.max_payload_bytes);
  end if;
  new.exclusive := v_type.exclusive;
  new.attempt := 0;
  new.result := null;
  new.progress := null;
  new.progress_message := null;
  new.cancel_requested_at := null;
  new.error_code := null;
  new.error_message := null;
  new.created_at := now();
  new.updated_at := now();
  new.started_at := null;
  new.heartbeat_at := null;
  new.finished_at := null;
  return new;
end
$$;

create function unstuck_internal.guard_task_update() returns trigger
language plpgsql
as $$
begin
  if old.status in ('completed', 'failed', 'cancelled') then
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

create trigger tasks_prepare_insert
  before insert on public.tasks
  for each row execute function unstuck_internal.prepare_new_task();

-- The function runs only when it has something to do: when the write breaks a rule (it raises),
-- or when the new row is not yet exactly what the function would make of it (it stamps). A write
-- that already carries the stamps (the reaper sets updated_at and finished_at to now() and leaves
-- the other stamped columns alone) skips a PL/pgSQL call per row, about a tenth of a large reap.
-- The WHEN condition is evaluated as a plain expression and is the function's own logic, term for
-- term: skipping the call changes nothing. It is written null-safe, because a null WHEN skips.
create trigger tasks_guard_update
  before update on public.tasks
  for each row
  when (
    -- a rule is broken: final state, an illegal transition
    old.status in ('completed', 'failed', 'cancelled')
    or (new.status <> old.status and not (
         (old.status = 'pending' and new.status in ('processing', 'cancelled', 'failed'))
      or (old.status = 'processing' and new.status in ('completed', 'failed', 'cancelled'))))
    -- or a stamp is missing
    or not coalesce(
         new.updated_at = now()
         and new.started_at is not distinct from
           case when old.status = 'pending' and new.status = 'processing' then now() else old.started_at end
         and new.attempt =
           case when old.status = 'pending' and new.status = 'processing' then old.attempt + 1 else old.attempt end
         and (new.heartbeat_at is not distinct from old.heartbeat_at
              or (new.status = 'processing' and new.heartbeat_at is not distinct from now()))
         and (new.cancel_requested_at is not distinct from old.cancel_requested_at
              or (old.cancel_requested_at is null and new.cancel_requested_at is not distinct from now()))
         and new.finished_at is not distinct from
           case when new.status in ('completed', 'failed', 'cancelled') then now() end,
       false)
  )
  execute function unstuck_internal.guard_task_update();

-- Identity columns never change. This is a trigger of its own, fired only by an UPDATE whose SET
-- list names one of them (PostgreSQL's column-specific triggers), because comparing the payload
-- reads all of it: in the guard above, every heartbeat and every reaped row paid for detoasting and
-- comparing a payload that no contract function ever writes (1.3 ms per heartbeat with a 480 kB
-- payload, 0.08 ms without). No BEFORE trigger of this table writes these columns, so a statement
-- that does not name them cannot change them. Named to fire after tasks_guard_update (BEFORE
-- triggers fire in name order), so a write to a finished task is reported as final first.
create function unstuck_internal.refuse_identity_change() returns trigger
language plpgsql
as $$
begin
  raise exception using errcode = 'UT005',
    message = format('illegal_state: id, user_id, type, payload, created_at, exclusive and '
      'retry_of of task %s never change', old.id);
end
$$;

create trigger tasks_keep_identity
  before update of id, user_id, type, payload, created_at, exclusive, retry_of on public.tasks
  for each row
  when (
    new.id <> old.id or new.user_id <> old.user_id or new.type <> old.type
    or new.created_at <> old.created_at or new.exclusive <> old.exclusive
    or new.retry_of is distinct from old.retry_of or new.payload <> old.payload
  )
  execute function unstuck_internal.refuse_identity_change();
