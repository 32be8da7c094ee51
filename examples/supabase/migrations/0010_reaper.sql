-- reap_stuck_tasks(): finalise every stuck active task, whoever owns it. Run by pg_cron every
-- minute (0013), or by the reap-stuck-tasks Edge Function on a schedule, or by hand.
--
-- One set-based UPDATE per rule, in the order of unstuck_internal.stuck_reason (0007), each joined
-- to task_types and compared with now(). Each probes the rule's partial index over active rows
-- (0003) per type, so a reap costs what is overdue, not the size of the table.
--
-- Why this is safe alongside workers and other reapers (READ COMMITTED):
-- * An UPDATE locks each row it selects. If another transaction changed that row after our
--   snapshot (a heartbeat, a completion, another reaper), we wait for it to commit and PostgreSQL
--   re-evaluates the whole WHERE clause on the newest row version (EvalPlanQual). A fresh
--   heartbeat no longer matches the timeout, a completed or already reaped row is no longer
--   'processing'/'pending': the row is skipped. The write that committed first wins.
-- * If we lock the row first, the worker's fenced UPDATE (WHERE attempt = .. AND status =
--   'processing') waits, re-evaluates, matches nothing, and the worker is told 'not_active'.
-- * Rows are therefore never reaped twice, never reaped after a newer heartbeat committed, and a
--   completion is never overwritten. The guard trigger (0005) would reject such a write anyway.
-- * Each statement of a PL/pgSQL function takes a new snapshot in READ COMMITTED, so a row reaped
--   by an earlier rule is no longer active for the later ones.

create function public.reap_stuck_tasks() returns jsonb
language plpgsql
security definer
set search_path = ''
set unstuck.actor = 'reaper'
-- A few index probes: JIT compilation would cost far more than the work, and a cost estimate
-- inflated by a large table can tempt the planner into it.
set jit = off
as $$
declare
  v_cancel_timeout integer;
  v_max_runtime integer;
  v_heartbeat_timeout integer;
  v_pending_timeout integer;
begin
  -- Shape of each statement:
  -- * the candidates: for every task type, a probe of the rule's partial index over active rows
  --   for that type's overdue range (LATERAL ... OFFSET 0 keeps it a per-type index range scan),
  --   collected into an array once (an InitPlan);
  -- * the targets: fetched by their tuple ids (ctid = any(array): a TID scan, whatever the
  --   statistics say), the row versions this statement's snapshot saw. A lookup by primary key
  --   would descend the primary key index once more per row for the same versions. If a version
  --   was updated meanwhile, the UPDATE follows it to the newest one and rechecks the condition
  --   below on it (EvalPlanQual), exactly as it would after an index scan;
  -- * kept only if stuck_reason (0007, the one definition of the rules) names this rule. That
  --   condition on the target row is what READ COMMITTED re-checks on the newest row version;
  -- * the stamps the guard trigger (0005) would set, set here already (updated_at, finished_at),
  --   so that its WHEN condition skips the PL/pgSQL call for each reaped row;
  -- * candidates are locked with SKIP LOCKED: a row another transaction holds (a worker's
  --   heartbeat, a submit or retry reaping the same row) is left to that transaction or to the
  --   next run. The reaper therefore never waits for a row lock, so it can never be part of a
  --   deadlock (the soak found one between reap_stuck_tasks and submit_task when both locked
  --   one user's several stuck rows in different orders).
  update public.tasks t
  set status = 'cancelled', error_code = 'cancel_timeout', updated_at = now(), finished_at = now(),
      error_message = unstuck_internal.reaped_message('cancel_timeout', tt.cancel_grace)
  from public.task_types tt
  where t.ctid = any (array(
      select due.ctid from public.task_types dt
      cross join lateral (
        select d.ctid from public.tasks d
        where d.type = dt.type and d.status = 'processing' and d.cancel_requested_at is not null
          and d.cancel_requested_at < now() - dt.cancel_grace
        offset 0
        for update of d skip locked
      ) due
    ))
    and tt.type = t.type
    and unstuck_internal.stuck_reason(t, tt) = 'cancel_timeout';
  get diagnostics v_cancel_timeout = row_count;

  update public.tasks t
  set status = 'failed', error_code = 'max_runtime', updated_at = now(), finished_at = now(),
      error_message = unstuck_internal.reaped_message('max_runtime', tt.max_runtime)
  from public.task_types tt
  where t.ctid = any (array(
      select due.ctid from public.task_types dt
      cross join lateral (
        select d.ctid from public.tasks d
        where d.type = dt.type and d.status = 'processing' and d.started_at < now() - dt.max_runtime
        offset 0
        for update of d skip locked
      ) due
    ))
    and tt.type = t.type
    and unstuck_internal.stuck_reason(t, tt) = 'max_runtime';
  get diagnostics v_max_runtime = row_count;

  update public.tasks t
  set status = 'failed', error_code = 'heartbeat_timeout', updated_at = now(), finished_at = now(),
      error_message = unstuck_internal.reaped_message('heartbeat_timeout', tt.heartbeat_timeout)
  from public.task_types tt
  where t.ctid = any (array(
      select due.ctid from public.task_types dt
      cross join lateral (
        select d.ctid from public.tasks d
        where d.type = dt.type and d.status = 'processing'
          and coalesce(d.heartbeat_at, d.started_at) < now() - dt.heartbeat_timeout
        offset 0
        for update of d skip locked
      ) due
    ))
    and tt.type = t.type
    and unstuck_internal.stuck_reason(t, tt) = 'heartbeat_timeout';
  get diagnostics v_heartbeat_timeout = row_count;

  update public.tasks t
  set status = 'failed', error_code = 'pending_timeout', updated_at = now(), finished_at = now(),
      error_message = unstuck_internal.reaped_message('pending_timeout', tt.pending_timeout)
  from public.task_types tt
  where t.ctid = any (array(
      select due.ctid from public.task_types dt
      cross join lateral (
        select d.ctid from public.tasks d
        where d.type = dt.type and d.status = 'pending' and d.created_at < now() - dt.pending_timeout
        offset 0
        for update of d skip locked
      ) due
    ))
    and tt.type = t.type
    and unstuck_internal.stuck_reason(t, tt) = 'pending_timeout';
  get diagnostics v_pending_timeout = row_count;

  return jsonb_build_object(
    'pending_timeout', v_pending_timeout,
    'heartbeat_timeout', v_heartbeat_timeout,
    'max_runtime', v_max_runtime,
    'cancel_timeout', v_cancel_timeout);
end
$$;

revoke all on function public.reap_stuck_tasks() from public, anon, authenticated;
grant execute on function public.reap_stuck_tasks() to service_role;
