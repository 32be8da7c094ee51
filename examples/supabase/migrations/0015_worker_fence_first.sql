-- The fence before the arguments in every worker RPC (docs/CONTRACT.md "Worker RPCs"), as
-- complete_task already did (0009): heartbeat_task checked its progress and fail_task its error
-- code first, so a zombie worker (reaped, cancelled, superseded by a retry) sending a bad value
-- heard `invalid_id` (UT004) instead of `stale_attempt` / `not_active`; it would fix the value and
-- try again for a task nobody waits on, instead of dropping the work. (The texts, a progress
-- message or an error message, are cut to their column's cap and never refused.)
--
-- The fence is only looked at when an argument is bad: a good call is still the one fenced
-- UPDATE it was (the heartbeat is the hot path, one a second per running task). A bad call from
-- the worker holding the attempt is still refused with UT004 and writes nothing.

-- Null when `p_attempt` holds task `p_task_id` (it is processing under that attempt), else the
-- answer a fenced write gives a zombie (unstuck_internal.rejection; UT001 for no such task).
-- Read without a lock: a bad call writes nothing whichever answer it gets, and either answer was
-- true when it was read.
create function unstuck_internal.fence_rejection(p_task_id uuid, p_attempt integer) returns jsonb
language sql stable
set search_path = ''
as $$
  select case
    when exists (select 1 from public.tasks t
                 where t.id = p_task_id and t.attempt = p_attempt and t.status = 'processing')
    then null
    else unstuck_internal.rejection(p_task_id, p_attempt)
  end
$$;

create or replace function public.heartbeat_task(
  p_task_id uuid, p_attempt integer, p_progress real default null, p_message text default null
) returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'worker'
as $$
declare
  v_cancel_requested_at timestamptz;
  v_rejection jsonb;
begin
  if p_progress is not null and not (p_progress >= 0 and p_progress <= 1) then
    v_rejection := unstuck_internal.fence_rejection(p_task_id, p_attempt);
    if v_rejection is not null then
      return v_rejection;
    end if;
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

create or replace function public.fail_task(
  p_task_id uuid, p_attempt integer,
  p_error_code text default 'worker_error', p_error_message text default null
) returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'worker'
as $$
declare
  v_rejection jsonb;
begin
  if p_error_code is null or p_error_code !~ '^[a-z][a-z0-9_.:-]{0,63}$' then
    v_rejection := unstuck_internal.fence_rejection(p_task_id, p_attempt);
    if v_rejection is not null then
      return v_rejection - 'keep_going';
    end if;
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
