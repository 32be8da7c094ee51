-- A bounded wait for locks in the worker RPCs and the reaper (docs/CONTRACT.md "Worker RPCs"), as
-- 0014 gave the client RPCs. Without a lock_timeout, a transaction that holds what they need and
-- never ends (a hung worker or admin session mid-transaction, a stuck ALTER TABLE or CREATE INDEX)
-- makes them wait for ever on a database used directly (no pool statement_timeout).
--
-- The worker RPCs: each one writes the task's row, so it waits for that row's lock (claim_task by
-- id, heartbeat_task, complete_task, fail_task, ack_task_cancel; claim_task by type skips locked
-- rows, but the audit insert of its trigger and every statement still take table locks, which a
-- stuck DDL holds off). A hung heartbeat is the worst of it: the worker cannot beat again while
-- it waits, so a live worker can be reaped for heartbeat_timeout once the holder lets go.
-- 2 seconds: the contract's own transactions hold a task row for milliseconds, so a longer wait
-- means a holder that is not coming back, and a worker that beats several times per
-- heartbeat_timeout (seconds in the demos, 20 min by default) can fail, hear 55P03 and beat again
-- well within it. The call rolls back with nothing written; it is safe to send again.
--
-- The reaper never waits for a row: it locks its candidates with SKIP LOCKED (0010), leaving a
-- held row to the next run. What it can still wait on are table locks: tasks and task_types from
-- the first statement, task_events (and its sequence) from the first reaped row's audit insert.
-- Those cannot be skipped row by row, so the run gives up after 1 second with 55P03 rather than
-- queue behind a stuck DDL, where each scheduled run (every minute under pg_cron, every second in
-- the Next demo) would add one more waiting backend and connection. 1 second still lets a brief
-- DDL pass. Giving up loses no work, so the batch is not split into per-rule subtransactions: a
-- rule that reaped rows already holds every lock a later rule needs (the same three tables),
-- so only a run that has reaped nothing yet can time out, and a handler per rule would only wait
-- the bound again in each following rule. The failure stays visible (pg_cron's job_run_details,
-- the Edge Function's error), and the next run reaps what this one would have.
--
-- Set per function, not per role, so no other query of service_role is affected; the setting
-- also covers the triggers and internal functions these call, and is restored when they return.
alter function public.claim_task(uuid, text) set lock_timeout = '2s';
alter function public.heartbeat_task(uuid, integer, real, text) set lock_timeout = '2s';
alter function public.complete_task(uuid, integer, jsonb) set lock_timeout = '2s';
alter function public.fail_task(uuid, integer, text, text) set lock_timeout = '2s';
alter function public.ack_task_cancel(uuid, integer) set lock_timeout = '2s';
alter function public.reap_stuck_tasks() set lock_timeout = '1s';
