-- When is an active task stuck? The rules of docs/DESIGN "Time", on the database clock:
--   processing, a cancel request older than cancel_grace            -> cancelled (cancel_timeout)
--   processing, started longer ago than max_runtime                 -> failed (max_runtime)
--   processing, no heartbeat (or start) within heartbeat_timeout    -> failed (heartbeat_timeout)
--   pending, created longer ago than pending_timeout                -> failed (pending_timeout)
-- The first matching rule names the reason. reap_stuck_tasks() (0010) runs one UPDATE per rule,
-- in the same order, each finding candidates through an index and keeping those this function
-- names; submit_task and retry_task use it for the caller's own task (reap_stuck_for below).
-- The SQL helpers here carry no SET clause so that they are inlined into the calling statements.

create function unstuck_internal.stuck_reason(t public.tasks, tt public.task_types) returns text
language sql stable
as $$
  select case
    when t.status = 'processing' and t.cancel_requested_at < now() - tt.cancel_grace
      then 'cancel_timeout'
    when t.status = 'processing' and t.started_at < now() - tt.max_runtime
      then 'max_runtime'
    when t.status = 'processing' and coalesce(t.heartbeat_at, t.started_at) < now() - tt.heartbeat_timeout
      then 'heartbeat_timeout'
    when t.status = 'pending' and t.created_at < now() - tt.pending_timeout
      then 'pending_timeout'
  end
$$;

-- The status a reaped task ends in, and the message it carries.
create function unstuck_internal.reaped_status(p_reason text) returns text
language sql immutable
as $$
  select case when p_reason = 'cancel_timeout' then 'cancelled' else 'failed' end
$$;

-- The limit a rule compares with, for the message.
create function unstuck_internal.rule_limit(p_reason text, tt public.task_types) returns interval
language sql immutable
as $$
  select case p_reason
    when 'cancel_timeout' then tt.cancel_grace
    when 'max_runtime' then tt.max_runtime
    when 'heartbeat_timeout' then tt.heartbeat_timeout
    when 'pending_timeout' then tt.pending_timeout
  end
$$;

-- Stable, not immutable: interval-to-text depends on IntervalStyle, and PostgreSQL refuses to
-- inline an immutable SQL function whose body is only stable. Not inlined, it ran as a separate
-- SQL function call per reaped row, about a seventh of a large reap's CPU time.
create function unstuck_internal.reaped_message(p_reason text, p_limit interval) returns text
language sql stable
as $$
  select case p_reason
    when 'cancel_timeout' then 'cancel not acknowledged within ' || p_limit
    when 'max_runtime' then 'still running after the maximum runtime of ' || p_limit
    when 'heartbeat_timeout' then 'no heartbeat for ' || p_limit
    when 'pending_timeout' then 'not picked up by a worker within ' || p_limit
  end
$$;

-- Reap one user's stuck active tasks of one type (used by submit_task and retry_task, so that a
-- dead task never blocks its owner). Returns the newest reaped id, or null.
-- READ COMMITTED: if a worker's heartbeat or completion commits while this UPDATE waits for the
-- row, PostgreSQL re-evaluates the WHERE clause on the new row version, which is then no longer
-- stuck (or no longer active), so the worker's write wins.
-- Admissions (submit_task, retry_task) of one (user, type) take turns: each reaps that user's
-- stuck rows of the type and may insert, so two at once could lock those rows in different orders
-- and deadlock. Called before the first row lock of the transaction.
create function unstuck_internal.serialize_admission(p_user uuid, p_type text) returns void
language sql
as $$
  select pg_advisory_xact_lock(hashtextextended(p_user::text || '/' || p_type, 0))
$$;

create function unstuck_internal.reap_stuck_for(p_user uuid, p_type text) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform set_config('unstuck.actor', 'reaper', true);
  with reaped as (
    update public.tasks t
    set status = unstuck_internal.reaped_status(unstuck_internal.stuck_reason(t, tt)),
        error_code = unstuck_internal.stuck_reason(t, tt),
        error_message = unstuck_internal.reaped_message(unstuck_internal.stuck_reason(t, tt),
          unstuck_internal.rule_limit(unstuck_internal.stuck_reason(t, tt), tt))
    from public.task_types tt
    where tt.type = t.type
      and t.user_id = p_user
      and t.type = p_type
      and t.status in ('pending', 'processing')
      and unstuck_internal.stuck_reason(t, tt) is not null
    returning t.id, t.created_at
  )
  select r.id into v_id from reaped r order by r.created_at desc limit 1;
  perform set_config('unstuck.actor', 'user', true);
  return v_id;
end
$$;
