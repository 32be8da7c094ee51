-- A finishing write sent again by the attempt that made it is answered `accepted` again
-- (docs/CONTRACT.md "Worker RPCs"). complete_task, fail_task and ack_task_cancel answered a second
-- identical call `not_active`, which is what a zombie hears when its work was thrown away (reaped,
-- cancelled, superseded). A worker whose first answer was lost after the commit (a timeout, a
-- dropped connection, an HTTP client that retries) sends the call again and was told to drop the
-- work of a task that is in fact completed with it; one that then deletes the output its result
-- points to (large outputs live elsewhere) breaks the completed task. Now `not_active` always
-- means "not stored".
--
-- "The same write" is exact: the task ended under this attempt with the status, error code,
-- message and result this call would have written, and the worker ended it (its `task_events` row
-- into that status has actor `worker`). The values alone are not enough: a worker may call
-- fail_task with the reaper's own code and message ('heartbeat_timeout', 'no heartbeat for
-- 00:20:00'), and a task the reaper (or retry_task, reaping as the reaper would) already ended so
-- must still answer `not_active`, since that worker's write was refused. A terminal status is
-- entered once, so that row is the ending event. The replay writes nothing (no event, no
-- notification). Only looked at when the fenced write answered `not_active`: the
-- accepted path is what it was, plus one function call.
--
-- The three functions of 0009/0015 keep their bodies (one definition of each fenced write): they
-- move to unstuck_internal, keeping their settings, and the public names become thin wrappers.

-- `p_answer`, or accepted when it is `not_active` and the task already ended exactly as this write
-- would have made it end. VOLATILE: its query takes a snapshot of its own, after the wrapped call
-- returned, so a first identical call that committed while this one waited for the row is seen.
create function unstuck_internal.unless_replayed(
  p_answer jsonb, p_task_id uuid, p_attempt integer, p_status text, p_error_code text,
  p_error_message text, p_result jsonb
) returns jsonb
language plpgsql
set search_path = ''
as $$
begin
  if p_answer ->> 'reason' = 'not_active' and exists (
    select 1 from public.tasks t
    where t.id = p_task_id and t.attempt = p_attempt and t.status = p_status
      and t.error_code is not distinct from p_error_code
      and t.error_message is not distinct from p_error_message
      and t.result is not distinct from p_result
      and exists (
        select 1 from public.task_events e
        where e.task_id = t.id and e.to_status = p_status and e.actor = 'worker'))
  then
    return unstuck_internal.accepted();
  end if;
  return p_answer;
end
$$;

alter function public.complete_task(uuid, integer, jsonb) set schema unstuck_internal;
alter function public.fail_task(uuid, integer, text, text) set schema unstuck_internal;
alter function public.ack_task_cancel(uuid, integer) set schema unstuck_internal;

create function public.complete_task(p_task_id uuid, p_attempt integer, p_result jsonb default null)
returns jsonb
language sql
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
  select unstuck_internal.unless_replayed(unstuck_internal.complete_task(p_task_id, p_attempt, p_result),
    p_task_id, p_attempt, 'completed', null, null, p_result)
$$;

create function public.fail_task(
  p_task_id uuid, p_attempt integer,
  p_error_code text default 'worker_error', p_error_message text default null
) returns jsonb
language sql
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
  select unstuck_internal.unless_replayed(
    unstuck_internal.fail_task(p_task_id, p_attempt, p_error_code, p_error_message),
    p_task_id, p_attempt, 'failed', p_error_code, left(p_error_message, 4000), null)
$$;

create function public.ack_task_cancel(p_task_id uuid, p_attempt integer) returns jsonb
language sql
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
  select unstuck_internal.unless_replayed(unstuck_internal.ack_task_cancel(p_task_id, p_attempt),
    p_task_id, p_attempt, 'cancelled', 'cancelled', 'cancelled at the user''s request', null)
$$;

-- New functions: Supabase's default privileges grant them to every API role. Workers only, as before.
revoke all on function public.complete_task(uuid, integer, jsonb), public.fail_task(uuid, integer, text, text),
  public.ack_task_cancel(uuid, integer) from public, anon, authenticated, service_role;
grant execute on function public.complete_task(uuid, integer, jsonb), public.fail_task(uuid, integer, text, text),
  public.ack_task_cancel(uuid, integer) to service_role;
