-- Per-type timing rules: one definition serves the client's warnings (the *_warn_after columns)
-- and the server's reaper (the rest). Clients read it; only migrations and admins write it.

create table public.task_types (
  type text primary key
    check (type ~ '^[a-z][a-z0-9_.:-]{0,63}$'),
  -- client says "slow" after this long pending; the reaper fails it after pending_timeout
  pending_warn_after interval not null default interval '10 minutes',
  pending_timeout interval not null default interval '30 minutes',
  -- client says "slow" after this long without a heartbeat; the reaper fails it after heartbeat_timeout
  heartbeat_warn_after interval not null default interval '15 minutes',
  heartbeat_timeout interval not null default interval '20 minutes',
  -- hard cap on a processing task, heartbeats or not
  max_runtime interval not null default interval '2 hours',
  -- how long a worker has to acknowledge a cancel request before the reaper cancels the task
  cancel_grace interval not null default interval '2 minutes',
  -- at most one active (pending or processing) task per user of this type
  exclusive boolean not null default false,
  -- cap on the payload's size (bytes of its jsonb text), and of a result
  max_payload_bytes integer not null default 65536,
  constraint task_types_positive check (
    pending_warn_after > interval '0' and heartbeat_warn_after > interval '0'
    and max_runtime > interval '0' and cancel_grace >= interval '0'
  ),
  constraint task_types_warn_before_fail check (
    pending_warn_after <= pending_timeout and heartbeat_warn_after <= heartbeat_timeout
  ),
  constraint task_types_payload_cap check (max_payload_bytes between 2 and 1048576)
);

comment on table public.task_types is
  'Unstuck: per-type thresholds, read by clients (warnings) and by reap_stuck_tasks() (timeouts).';

insert into public.task_types (type, exclusive) values
  ('default', false),
  ('image_generation', true),
  ('report', false);

-- A type with short limits for demos and manual testing: stuck in seconds rather than minutes.
insert into public.task_types
  (type, pending_warn_after, pending_timeout, heartbeat_warn_after, heartbeat_timeout,
   max_runtime, cancel_grace, exclusive)
values
  ('demo', interval '10 seconds', interval '30 seconds', interval '10 seconds', interval '30 seconds',
   interval '5 minutes', interval '15 seconds', true);

-- Statistics from the start: the reaper joins this small table, and an unanalysed table is
-- estimated at hundreds of rows.
analyze public.task_types;
