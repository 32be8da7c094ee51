-- The task row (TaskRow in packages/task-hooks/src/core/types.ts) plus `exclusive`.
-- Clients never write it directly: the functions of 0007-0009 do, and the triggers of 0005
-- keep every write honest (legal transitions, database-clock timestamps, final terminal states).

create table public.tasks (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  type text not null references public.task_types (type),
  status text not null default 'pending',
  payload jsonb not null default '{}'::jsonb,
  result jsonb,
  progress real,
  progress_message text,
  attempt integer not null default 0,
  cancel_requested_at timestamptz,
  error_code text,
  error_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  heartbeat_at timestamptz,
  finished_at timestamptz,
  retry_of uuid references public.tasks (id) on delete set null,
  -- copied from task_types at insert; drives the one-active-task-per-(user, type) index
  exclusive boolean not null default false,

  constraint tasks_status_known
    check (status in ('pending', 'processing', 'completed', 'failed', 'cancelled')),
  constraint tasks_progress_range check (progress is null or (progress >= 0 and progress <= 1)),
  constraint tasks_attempt_nonnegative check (attempt >= 0),
  -- Absolute caps. The payload's own cap is per type, at most 1 MiB of JSON text, checked at
  -- insert with error UT003 (0005); the payload never changes after that. This backstop against
  -- writes that skip the triggers bounds the stored size instead: a CHECK runs on every UPDATE
  -- (each heartbeat), and pg_column_size reads the stored length where payload::text would
  -- re-serialise the whole document each time. 2 MiB leaves room for jsonb's binary overhead.
  constraint tasks_payload_size check (pg_column_size(payload) <= 2097152),
  constraint tasks_result_size check (result is null or octet_length(result::text) <= 1048576),
  constraint tasks_texts_size check (
    coalesce(length(progress_message), 0) <= 2000 and coalesce(length(error_message), 0) <= 4000
    and coalesce(length(error_code), 0) <= 64
  ),
  -- the row's shape follows its status
  constraint tasks_finished_iff_terminal
    check ((status in ('completed', 'failed', 'cancelled')) = (finished_at is not null)),
  constraint tasks_started_when_processing
    check (status not in ('processing', 'completed') or started_at is not null),
  constraint tasks_error_code_when_failed
    check (status not in ('failed', 'cancelled') or error_code is not null)
);

comment on table public.tasks is 'Unstuck: one background task per row; see docs/CONTRACT.md.';

-- Listing a user's tasks, newest first.
create index tasks_user_created_idx on public.tasks (user_id, created_at desc);

-- Active rows only: the caller's active task of a type (submit, fetchActiveTask).
create index tasks_active_user_type_idx on public.tasks (user_id, type)
  where status in ('pending', 'processing');

-- Optional rule (drop it to allow several active tasks per user and type): one active task per
-- (user, type) for exclusive types. submit_task relies on it to settle concurrent submits.
create unique index tasks_one_active_exclusive_idx on public.tasks (user_id, type)
  where exclusive and status in ('pending', 'processing');

-- Active rows only, one index per reaper rule, keyed by (type, the timestamp the rule compares):
-- the reaper probes each type's range of overdue rows, so a reap costs what is overdue, not the
-- size of the table. The pending one also serves claim_task (oldest pending of a type).
create index tasks_pending_since_idx on public.tasks (type, created_at)
  where status = 'pending';
create index tasks_processing_beat_idx on public.tasks (type, (coalesce(heartbeat_at, started_at)))
  where status = 'processing';
create index tasks_processing_started_idx on public.tasks (type, started_at)
  where status = 'processing';
create index tasks_cancel_requested_idx on public.tasks (type, cancel_requested_at)
  where status = 'processing' and cancel_requested_at is not null;

-- Deleting a task nulls the retry_of of its retries (on delete set null): index the reference.
create index tasks_retry_of_idx on public.tasks (retry_of) where retry_of is not null;
