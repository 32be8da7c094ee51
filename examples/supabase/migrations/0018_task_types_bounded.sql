-- Every interval of a task type at most 1000 years (docs/CONTRACT.md "Tables"). The reaper
-- compares each type's intervals as now() - interval, on every run and for every type (0010), and
-- submit_task / retry_task do for the caller's type (0007). A timestamp cannot go back past
-- 4713 BC, so an interval of more than about 6,700 years (an admin writing "9999 years" to mean
-- "never time out") made the subtraction fail with 22008 (timestamp out of range) as soon as a
-- task of that type was active: every reaper run failed, for every type, and nothing was reaped
-- anywhere; every submit of that type failed too. The table now refuses such a value when it is
-- written (23514), where the admin sees it. 1000 years still reads as "never" and is far from the
-- limit. Rows above it stop this migration with the constraint's name: lower them, then run it.
alter table public.task_types add constraint task_types_bounded check (
  greatest(pending_warn_after, pending_timeout, heartbeat_warn_after, heartbeat_timeout,
           max_runtime, cancel_grace) <= interval '1000 years'
);
