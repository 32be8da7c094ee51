-- Every insert and update of a task is announced on the channel `unstuck_task_changes` with
-- {id, user_id, type, status, updated_at}. Listeners (the Realtime stand-in, the Next example's
-- SSE route, the soak) take it as a hint and re-read the row; it is never the truth.
-- NOTIFY is transactional: nothing is sent for a rolled-back write, and one statement's
-- notifications leave together at commit. Statement-level triggers keep a large reap cheap.

create function unstuck_internal.notify_task_changes() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform pg_notify('unstuck_task_changes', json_build_object(
    'id', n.id, 'user_id', n.user_id, 'type', n.type, 'status', n.status,
    'updated_at', n.updated_at)::text)
  from new_rows n;
  return null;
end
$$;

create trigger tasks_notify_insert
  after insert on public.tasks
  referencing new table as new_rows
  for each statement execute function unstuck_internal.notify_task_changes();

create trigger tasks_notify_update
  after update on public.tasks
  referencing new table as new_rows
  for each statement execute function unstuck_internal.notify_task_changes();
