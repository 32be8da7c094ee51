-- The worker RPCs (docs/CONTRACT.md "Worker RPCs"), for service_role only. Every write is fenced:
-- it names the attempt the worker claimed and only touches a row that is still processing under
-- that attempt, so a zombie worker (reaped, cancelled, superseded by a retry) changes nothing and
-- is told why in the jsonb answer instead of an error.

-- Why a fenced write matched no row: 'stale_attempt' or 'not_active' (UT001 if no such task).
create function unstuck_internal.rejection(p_task_id uuid, p_attempt integer) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_task public.tasks;
begin
  select * into v_task from public.tasks t where t.id = p_task_id;
  if not found then
    raise exception using errcode = 'UT001',
      message = format('not_found: task %s does not exist', p_task_id);
  end if;
  return jsonb_build_object(
    'accepted', false,
    'keep_going', false,
    'reason', case
      when v_task.attempt is distinct from p_attempt then 'stale_attempt'
      when v_task.status <> 'processing' then 'not_active'
      else 'no_cancel_request'
    end);
end
$$;

create function unstuck_internal.accepted() returns jsonb
language sql immutable
as $$ select jsonb_build_object('accepted', true, 'reason', null) $$;

create function public.claim_task(p_task_id uuid default null, p_type text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'worker'
as $$
declare
  v_id uuid := p_task_id;
  v_task public.tasks;
begin
  if p_task_id is null and p_type is null then
    raise exception using errcode = 'UT004',
      message = 'invalid_id: claim_task needs a task id or a task type';
  end if;
  if v_id is null then
    -- the oldest pending task of the type that no other worker is claiming right now
    select t.id into v_id from public.tasks t
    where t.status = 'pending' and t.type = p_type
    order by t.created_at
    limit 1
    for update skip locked;
    if v_id is null then
      return null;
    end if;
  end if;
  update public.tasks t
  set status = 'processing', attempt = t.attempt + 1
  where t.id = v_id and t.status = 'pending' and (p_type is null or t.type = p_type)
  returning * into v_task;
  if not found then
    return null;
  end if;
  return to_jsonb(v_task);
end
$$;

create function public.heartbeat_task(
  p_task_id uuid, p_attempt integer, p_progress real default null, p_message text default null
) returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'worker'
as $$
declare
  v_cancel_requested_at timestamptz;
begin
  if p_progress is not null and not (p_progress >= 0 and p_progress <= 1) then
    raise exception using errcode = 'UT004',
      message = format('invalid_id: progress must be between 0 and 1, got %s', p_progress);
  end if;
  update public.tasks t
  set heartbeat_at = now(),
      progress = coalesce(p_progress, t.progress),
      -- cut to the column's cap (0003), as fail_task cuts its message: an over-long message
      -- must not make the heartbeat itself fail, and the healthy task be reaped for want of it
      progress_message = coalesce(left(p_message, 2000), t.progress_message)
  where t.id = p_task_id and t.attempt = p_attempt and t.status = 'processing'
  returning t.cancel_requested_at into v_cancel_requested_at;
  if not found then
    return unstuck_internal.rejection(p_task_id, p_attempt);
  end if;
  return jsonb_build_object(
    'accepted', true,
    'keep_going', v_cancel_requested_at is null,
    'reason', case when v_cancel_requested_at is not null then 'cancel_requested' end);
end
$$;

-- A completion is accepted even after a cancel request: the work is done, and its result is
-- worth more to the user than the cancellation of finished work.
-- The fence is checked before the result's size: a zombie (reaped, retried) is told it is stale
-- whatever it sends, so it drops the work; told "too large", it would try to shrink a result
-- nobody wants. The row is locked first (FOR NO KEY UPDATE, the lock the UPDATE itself takes: it
-- waits for a concurrent write and reads the row it left, as the UPDATE's own re-check did, and
-- unlike FOR UPDATE it does not hold off the key-share lock of a retry row's foreign key), so the
-- checks and the write see one version.
create function public.complete_task(p_task_id uuid, p_attempt integer, p_result jsonb default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'worker'
as $$
declare
  v_limit integer;
begin
  select tt.max_payload_bytes into v_limit
  from public.tasks t join public.task_types tt on tt.type = t.type
  where t.id = p_task_id and t.attempt = p_attempt and t.status = 'processing'
  for no key update of t;
  if not found then
    return unstuck_internal.rejection(p_task_id, p_attempt) - 'keep_going';
  end if;
  if octet_length(p_result::text) > v_limit then
    raise exception using errcode = 'UT003',
      message = format('payload_too_large: result is %s bytes, the limit is %s',
        octet_length(p_result::text), v_limit);
  end if;
  update public.tasks t
  set status = 'completed', result = p_result, progress = 1
  where t.id = p_task_id;
  return unstuck_internal.accepted();
end
$$;

create function public.fail_task(
  p_task_id uuid, p_attempt integer,
  p_error_code text default 'worker_error', p_error_message text default null
) returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'worker'
as $$
begin
  if p_error_code is null or p_error_code !~ '^[a-z][a-z0-9_.:-]{0,63}$' then
    raise exception using errcode = 'UT004',
      message = format('invalid_id: error code must match ^[a-z][a-z0-9_.:-]{0,63}$, got %L', p_error_code);
  end if;
  update public.tasks t
  set status = 'failed', error_code = p_error_code, error_message = left(p_error_message, 4000)
  where t.id = p_task_id and t.attempt = p_attempt and t.status = 'processing';
  if not found then
    return unstuck_internal.rejection(p_task_id, p_attempt) - 'keep_going';
  end if;
  return unstuck_internal.accepted();
end
$$;

create function public.ack_task_cancel(p_task_id uuid, p_attempt integer) returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'worker'
as $$
begin
  update public.tasks t
  set status = 'cancelled', error_code = 'cancelled', error_message = 'cancelled at the user''s request'
  where t.id = p_task_id and t.attempt = p_attempt and t.status = 'processing'
    and t.cancel_requested_at is not null;
  if not found then
    return unstuck_internal.rejection(p_task_id, p_attempt) - 'keep_going';
  end if;
  return unstuck_internal.accepted();
end
$$;

revoke all on function public.claim_task(uuid, text), public.heartbeat_task(uuid, integer, real, text),
  public.complete_task(uuid, integer, jsonb), public.fail_task(uuid, integer, text, text),
  public.ack_task_cancel(uuid, integer) from public, anon, authenticated;
grant execute on function public.claim_task(uuid, text), public.heartbeat_task(uuid, integer, real, text),
  public.complete_task(uuid, integer, jsonb), public.fail_task(uuid, integer, text, text),
  public.ack_task_cancel(uuid, integer) to service_role;
