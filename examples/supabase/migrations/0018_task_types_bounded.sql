-- Every interval of a task type at most 1000 years and with no negative part (docs/CONTRACT.md
-- "Tables"). The reaper compares each type's intervals as now() - interval, on every run and for
-- every type (0010), and submit_task / retry_task do for the caller's type (0007). A timestamp
-- cannot go back past 4713 BC, so an interval of more than about 6,700 years (an admin writing
-- "9999 years" to mean "never time out") made the subtraction fail with 22008 (timestamp out of
-- range) as soon as a task of that type was active: every reaper run failed, for every type, and
-- nothing was reaped anywhere; every submit of that type failed too. The table now refuses such a
-- value when it is written (23514), where the admin sees it. 1000 years still reads as "never" and
-- is far from the limit. Rows outside the rule stop this migration with the constraint's name:
-- correct them, then run it.
--
-- The bound alone is not enough: Postgres compares intervals counting a month as 30 days and a year
-- as 360, but adds the months, the days and the time of an interval to a timestamp one after the
-- other. '10000 years -3590000 days' compares as about 28 years, and its years alone overflow. With
-- no part negative, what an interval compares as is what it adds (give or take a month's length),
-- so the 1000-year bound holds for each part, and "above 0" means later than now. A negative part
-- has no use an operator would expect ('1 day -1 hour' is '23 hours'), so it is refused outright.

-- True when no part of `p` (months, days, time) is negative. extract() gives each part's fields with
-- that part's sign: years and months the months part's, days its own, hours down to microseconds
-- the time part's. No SET clause, so it can be inlined; it names only pg_catalog functions.
create or replace function unstuck_internal.interval_parts_nonnegative(p interval) returns boolean
language sql
immutable
parallel safe
as $$
  select extract(year from p) >= 0 and extract(month from p) >= 0 and extract(day from p) >= 0
     and extract(hour from p) >= 0 and extract(minute from p) >= 0 and extract(microseconds from p) >= 0
$$;

alter table public.task_types add constraint task_types_bounded check (
  greatest(pending_warn_after, pending_timeout, heartbeat_warn_after, heartbeat_timeout,
           max_runtime, cancel_grace) <= interval '1000 years'
  and unstuck_internal.interval_parts_nonnegative(pending_warn_after)
  and unstuck_internal.interval_parts_nonnegative(pending_timeout)
  and unstuck_internal.interval_parts_nonnegative(heartbeat_warn_after)
  and unstuck_internal.interval_parts_nonnegative(heartbeat_timeout)
  and unstuck_internal.interval_parts_nonnegative(max_runtime)
  and unstuck_internal.interval_parts_nonnegative(cancel_grace)
);
