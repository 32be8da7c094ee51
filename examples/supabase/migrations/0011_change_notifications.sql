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
  -- nothing changed (an idle reaper run): skip starting the query below
  if not exists (select from new_rows) then
    return null;
  end if;
  -- The same text json_build_object(...)::text gives, built by concatenation: json_build_object
  -- looks up the type of each of its ten arguments on every call, which made it most of the cost
  -- of notifying a large reap. to_json quotes and escapes the type name and status, and formats
  -- updated_at as json_build_object does (ISO 8601); uuids need no escaping.
  perform pg_notify('unstuck_task_changes',
    '{"id" : "' || n.id || '", "user_id" : "' || n.user_id || '", "type" : ' || to_json(n.type)
    || ', "status" : ' || to_json(n.status) || ', "updated_at" : ' || to_json(n.updated_at) || '}')
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
