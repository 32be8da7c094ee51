-- Keep the reaper's pg_cron run log bounded. pg_cron writes a row to cron.job_run_details for every
-- run while cron.log_run is on (the default, Supabase's too) and never deletes one: the reaper of
-- 0013 runs every minute, so 1,440 rows a day, 525,600 a year, for ever. Supabase's docs advise
-- purging that table on a schedule; this does it for our jobs only.
--
-- A daily job ('17 3 * * *', pg_cron's clock is GMT; an odd minute, away from the top of the hour
-- when many jobs start) deletes the finished runs older than 7 days of:
-- * the reaper job 'unstuck-reap-stuck-tasks' running in this database (0013), and
-- * itself, 'unstuck-purge-reaper-run-log', so that its own daily row does not pile up either;
-- each matched by name, by database (cron.job.database, the database a job runs in; the log
-- itself lives in the cron database) and by owner (pg_cron tells jobs apart by name and user).
-- Never another job's rows: an app's own jobs, and their history, are the app's to keep or purge.
--
-- Why 7 days: the run log is where a failing reaper shows (a 55P03 behind a stuck DDL, 0016; a
-- function broken by a migration), and a week keeps a weekend's runs and then some for someone to
-- look at them, while bounding the reaper's share at about 8 days × 1,440 ≈ 11,500 rows (a few MB)
-- before each purge. Change `interval '7 days'` below and re-run this file to keep another span.
--
-- Privileges: cron.schedule in the cron database needs no superuser (as in 0013), and pg_cron grants
-- DELETE on cron.job_run_details to everyone under a row level policy limited to one's own jobs'
-- runs, so the job works as Supabase's `postgres` role (not a superuser). The job runs as the role
-- that applies this file: apply it as the role that applied 0013, the reaper's owner.
--
-- Idempotent: cron.schedule replaces the job of the same name and owner, so re-running this file
-- keeps one purge job. Where pg_cron is not installed in this database (PGlite, a PostgreSQL
-- without it, a database other than cron.database_name) it only leaves a notice, as 0013 does. If
-- you enable pg_cron later, re-run 0013 and then this file.
--
-- A reaper scheduled from the cron database into another one (src/postgres.ts, scheduleReaperJob)
-- gets a purge job of its own there, with the same command for its own job names and database.
-- A run is aged by its end_time, or by its start_time where it has none: pg_cron leaves end_time
-- empty on runs it marks failed after a server restart ('server restarted') and on some runs that
-- could not start, and those would otherwise stay for ever.
-- job_run_details has no index on jobid or end_time (pg_cron's table, not ours to index), so each
-- purge reads the whole log once a day: cheap once our rows are bounded.

do $$
begin
  if exists (select 1 from pg_extension where extname = 'pg_cron') then
    perform cron.schedule('unstuck-purge-reaper-run-log', '17 3 * * *', format(
      $purge$delete from cron.job_run_details
where coalesce(end_time, start_time) < now() - interval '7 days'
  and jobid in (
    select jobid from cron.job
    where username = current_user
      and ((jobname = %L and database = %L) or (jobname = %L and database = current_database())))$purge$,
      'unstuck-reap-stuck-tasks', current_database(), 'unstuck-purge-reaper-run-log'));
  else
    raise notice 'unstuck: pg_cron not installed in database %; no run log to purge', current_database();
  end if;
end
$$;
