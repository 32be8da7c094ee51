-- Who may touch what. Supabase grants every new table and function in `public` to anon,
-- authenticated and service_role by default (the shim mirrors that), so start from nothing and
-- grant back only what the contract allows:
-- * clients read their own tasks and events (RLS on auth.uid()) and every task type;
-- * nobody but the table owner writes tables directly: writes go through the functions, which run
--   as the owner (SECURITY DEFINER) and check ownership themselves;
-- * service_role (workers, the reaper, admin tooling) may read everything; it bypasses RLS.

revoke all on table public.tasks, public.task_types, public.task_events
  from public, anon, authenticated, service_role;
revoke all on sequence public.task_events_id_seq from public, anon, authenticated, service_role;

grant select on table public.tasks, public.task_events to authenticated, service_role;
grant select on table public.task_types to anon, authenticated, service_role;

alter table public.tasks enable row level security;
alter table public.task_events enable row level security;
alter table public.task_types enable row level security;

-- `(select auth.uid())` is evaluated once per statement rather than once per row.
create policy tasks_owner_reads on public.tasks
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy task_events_owner_reads on public.task_events
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy task_types_readable on public.task_types
  for select to anon, authenticated
  using (true);
