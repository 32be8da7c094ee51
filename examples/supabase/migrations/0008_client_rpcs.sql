-- The client RPCs (docs/CONTRACT.md "Client RPCs"). Each runs as the table owner (SECURITY
-- DEFINER) with an empty search_path, checks the caller's ownership itself, and is one
-- transaction. Errors carry SQLSTATE UT001..UT006 and a message starting with the code's name.

create function unstuck_internal.require_user() returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
begin
  if v_user is null then
    raise exception using errcode = 'UT006', message = 'unauthorized: no signed-in user';
  end if;
  return v_user;
end
$$;

-- The caller's task, locked for the rest of the transaction; UT001 when it does not exist or
-- belongs to someone else (the same answer on purpose: ids of others' tasks reveal nothing).
create function unstuck_internal.lock_own_task(p_task_id uuid) returns public.tasks
language plpgsql
set search_path = ''
as $$
declare
  v_user uuid := unstuck_internal.require_user();
  v_task public.tasks;
begin
  select * into v_task from public.tasks t
  where t.id = p_task_id and t.user_id = v_user
  for update;
  if not found then
    raise exception using errcode = 'UT001',
      message = format('not_found: task %s does not exist or is not yours', p_task_id);
  end if;
  return v_task;
end
$$;

create function unstuck_internal.admission(t public.tasks, p_created boolean, p_reaped uuid)
returns jsonb
language sql immutable
as $$
  select jsonb_build_object('task', to_jsonb(t), 'created', p_created, 'reaped_task_id', p_reaped)
$$;

-- Admit a new task for a user: reap their stuck active task(s) of the type first, then either
-- return the healthy active task (exclusive types) or insert a new one.
create function unstuck_internal.admit(
  p_user uuid, p_type text, p_payload jsonb, p_retry_of uuid, p_reaped uuid
) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_type public.task_types;
  v_task public.tasks;
  v_reaped uuid;
  v_constraint text;
begin
  select * into v_type from public.task_types t where t.type = p_type;
  if not found then
    raise exception using errcode = 'UT002',
      message = format('unknown_type: task type %L is not registered in task_types', p_type);
  end if;
  v_reaped := coalesce(unstuck_internal.reap_stuck_for(p_user, p_type), p_reaped);

  -- Two attempts: the second one runs after losing a race to a concurrent submit.
  for i in 1..2 loop
    if v_type.exclusive then
      -- FOR UPDATE: when a transaction is finishing that task right now (a worker's completion,
      -- the owner's cancel), wait for it and look again at the row it leaves, which is no longer
      -- active: answering with the task of the snapshot would start nothing, a moment before it
      -- ends. Locked until this admission commits, so it stays active as long as we answer with it.
      select * into v_task from public.tasks t
      where t.user_id = p_user and t.type = p_type and t.status in ('pending', 'processing')
      order by t.created_at desc
      limit 1
      for update;
      if found then
        return unstuck_internal.admission(v_task, false, v_reaped);
      end if;
    end if;
    begin
      insert into public.tasks (user_id, type, payload, retry_of)
      values (p_user, p_type, p_payload, p_retry_of)
      returning * into v_task;
      return unstuck_internal.admission(v_task, true, v_reaped);
    exception when unique_violation then
      -- A concurrent submit of the same (user, type) committed first: the unique index waited
      -- for it, so the next statement's snapshot sees the winner; loop and return it.
      get stacked diagnostics v_constraint = constraint_name;
      if v_constraint is distinct from 'tasks_one_active_exclusive_idx' then
        raise;
      end if;
    end;
  end loop;
  raise exception using errcode = 'UT005',
    message = format('illegal_state: could not admit a %s task, try again', p_type);
end
$$;

create function public.submit_task(p_type text, p_payload jsonb default '{}'::jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'user'
as $$
declare
  v_user uuid := unstuck_internal.require_user();
begin
  perform unstuck_internal.serialize_admission(v_user, p_type);
  return unstuck_internal.admit(v_user, p_type, coalesce(p_payload, '{}'::jsonb), null, null);
end
$$;

create function public.request_task_cancel(p_task_id uuid) returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'user'
as $$
declare
  v_task public.tasks;
begin
  v_task := unstuck_internal.lock_own_task(p_task_id);
  if v_task.status = 'pending' then
    -- no worker holds it: cancelled at once
    update public.tasks t
    set status = 'cancelled', cancel_requested_at = now(), error_code = 'cancelled',
        error_message = 'cancelled before a worker picked it up'
    where t.id = v_task.id
    returning * into v_task;
  elsif v_task.status = 'processing' and v_task.cancel_requested_at is null then
    -- the worker learns it from its next heartbeat and acknowledges; the reaper cancels the
    -- task after the type's cancel_grace if it never does
    update public.tasks t set cancel_requested_at = now()
    where t.id = v_task.id
    returning * into v_task;
  end if;
  return to_jsonb(v_task);
end
$$;

create function public.retry_task(p_task_id uuid) returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'user'
as $$
declare
  v_task public.tasks;
  v_retry public.tasks;
  v_reason text;
  v_reaped uuid;
  v_type text;
begin
  -- Take the admission turn of the task's (user, type) before locking any row (see
  -- serialize_admission); a missing or foreign task falls through to lock_own_task's not_found.
  select t.type into v_type from public.tasks t
  where t.id = p_task_id and t.user_id = unstuck_internal.require_user();
  if found then
    perform unstuck_internal.serialize_admission(unstuck_internal.require_user(), v_type);
  end if;
  v_task := unstuck_internal.lock_own_task(p_task_id);
  -- Retry is idempotent per task: a task retried before answers with its retry, as it is now
  -- (created=false), and nothing is reaped or inserted. A double press, a second tab or a page
  -- still showing the old task would otherwise start one more run each; to run again after the
  -- retry failed too, the user retries the retry. A concurrent retry of the same task waited for
  -- the same admission turn above (a retry has its task's user and type), and this statement's
  -- snapshot, taken after that wait, sees the retry the other call committed. Looked up before
  -- the status: a task with a retry was failed or cancelled when it was retried, which is final,
  -- so the status checks below could only decide otherwise for rows written around these
  -- functions. The newest one answers should such writes have made several.
  select * into v_retry from public.tasks t
  where t.retry_of = v_task.id and t.user_id = v_task.user_id
  order by t.created_at desc
  limit 1;
  if found then
    return unstuck_internal.admission(v_retry, false, null);
  end if;
  if v_task.status = 'completed' then
    raise exception using errcode = 'UT005',
      message = format('illegal_state: task %s completed; submit a new task instead', v_task.id);
  end if;
  if v_task.status in ('pending', 'processing') then
    select unstuck_internal.stuck_reason(v_task, tt) into v_reason
    from public.task_types tt where tt.type = v_task.type;
    if v_reason is null then
      raise exception using errcode = 'UT005',
        message = format('illegal_state: task %s is %s and healthy; cancel it or wait',
          v_task.id, v_task.status);
    end if;
    -- stuck: fail it with the reaper's reason before retrying
    perform unstuck_internal.reap_stuck_for(v_task.user_id, v_task.type);
    v_reaped := v_task.id;
  end if;
  return unstuck_internal.admit(v_task.user_id, v_task.type, v_task.payload, v_task.id, v_reaped);
end
$$;

create function public.server_time() returns timestamptz
language sql
volatile
security definer
set search_path = ''
as $$
  select clock_timestamp()
$$;

revoke all on function public.submit_task(text, jsonb), public.request_task_cancel(uuid),
  public.retry_task(uuid), public.server_time() from public, anon, authenticated, service_role;
grant execute on function public.submit_task(text, jsonb), public.request_task_cancel(uuid),
  public.retry_task(uuid) to authenticated, service_role;
grant execute on function public.server_time() to anon, authenticated, service_role;
