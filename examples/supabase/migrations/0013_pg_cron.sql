-- Schedule the reaper every minute with pg_cron, where pg_cron can run here. No error elsewhere
-- (PGlite, a PostgreSQL without pg_cron, or a database other than cron.database_name).
--
-- pg_cron lives in ONE database per cluster (cron.database_name; `postgres` on Supabase and on
-- this project's machine) and runs jobs in any database through cron.schedule_in_database. This
-- migration can only reach the cron schema when it runs in that database; for another database
-- (a test database, say), call from the cron database:
--   select cron.schedule_in_database('unstuck-reap-stuck-tasks:<db>', '* * * * *',
--                                    'select public.reap_stuck_tasks()', '<db>');
-- (src/index.ts: scheduleReaperJob does exactly that). pg_cron 1.4 has minute schedules only.
-- Without pg_cron, schedule the Edge Function functions/reap-stuck-tasks instead.

do $$
begin
  if not exists (select 1 from pg_extension where extname = 'pg_cron')
     and exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    begin
      -- Supabase's documented way to enable it; fails outside cron.database_name (caught)
      create extension if not exists pg_cron with schema pg_catalog;
    exception when others then
      raise notice 'unstuck: pg_cron is not usable in database % (%); schedule the reaper from the cron database or use the Edge Function',
        current_database(), sqlerrm;
    end;
  end if;
  if exists (select 1 from pg_extension where extname = 'pg_cron') then
    -- Here the current database is the cron database, so plain cron.schedule targets it; it
    -- needs no superuser (unlike scheduling into another database) and replaces a job of the
    -- same name, so re-running this migration is harmless.
    perform cron.schedule('unstuck-reap-stuck-tasks', '* * * * *', 'select public.reap_stuck_tasks()');
  else
    raise notice 'unstuck: pg_cron not installed in database %; reaper not scheduled', current_database();
  end if;
end
$$;
