// The pg_cron jobs of a database reaped from the cron database (`cron.database_name`): the reaper,
// which runs in that database, and the daily purge of its run log, which runs in the cron database
// because cron.job_run_details lives there. Migrations 0013 and 0020 do the same for the cron
// database itself; the purge command below is 0020's, for these job names.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** What the reaper job runs. */
export const REAPER_COMMAND = 'select public.reap_stuck_tasks()';

/** When the purge job runs: daily at 03:17 (pg_cron's clock is GMT), as in migration 0020. */
export const PURGE_SCHEDULE = '17 3 * * *';

// pg_cron keeps a job name as type `name`, cut to 63 bytes, and cron.schedule replaces the job of
// the same (cut) name and owner. Two long database names that begin alike would share one job,
// running in one of them only (the first before pg_cron 1.6.3, which kept the job's database; the
// last since): a longer name ends in a hash instead.
const JOB_NAME_BYTES = 63;

function jobName(prefix: string, database: string): string {
  const full = `${prefix}:${database}`;
  if (Buffer.byteLength(full) <= JOB_NAME_BYTES) return full;
  const tag = `~${createHash('sha256').update(database).digest('hex').slice(0, 12)}`;
  const chars = [...full];
  while (Buffer.byteLength(chars.join('') + tag) > JOB_NAME_BYTES) chars.pop();
  return chars.join('') + tag;
}

/** The pg_cron job name of the reaper running in `database` (at most 63 bytes, one per database). */
export function reaperJobName(database: string): string {
  return jobName('unstuck-reap-stuck-tasks', database);
}

/** The pg_cron job name of the purge of that reaper's run log (a job of the cron database). */
export function purgeJobName(database: string): string {
  return jobName('unstuck-purge-reaper-run-log', database);
}

// Migration 0020's command (see its comment for the 7 days, and for runs without an end_time), for
// the job names of `database`: the runs older than 7 days of the reaper running in `database` and of
// this purge job. The names and the database are quoted by the server (format's %L).
const PURGE_COMMAND_SQL = `select format($purge$delete from cron.job_run_details
where coalesce(end_time, start_time) < now() - interval '7 days'
  and jobid in (
    select jobid from cron.job
    where username = current_user
      and ((jobname = %L and database = %L) or (jobname = %L and database = current_database())))$purge$,
  $1::text, $2::text, $3::text) as command`;

/** Schedules (or replaces) both jobs of `database` in one transaction; returns the reaper's job id. */
export async function scheduleJobsOf(cron: pg.Client, database: string, schedule: string): Promise<number> {
  await cron.query('begin');
  try {
    // A reaper of this database under another of our names (the 63-byte cut name an earlier
    // version registered) would reap it twice a minute, its runs never purged: it goes, with them.
    await removeJobs(
      cron,
      `database = $1 and command = $2 and jobname like 'unstuck-reap-stuck-tasks:%' and jobname <> $3`,
      [database, REAPER_COMMAND, reaperJobName(database)],
    );
    const { rows } = await cron.query<{ jobid: string }>(
      'select cron.schedule_in_database($1, $2, $3, $4) as jobid',
      [reaperJobName(database), schedule, REAPER_COMMAND, database],
    );
    const { rows: purge } = await cron.query<{ command: string }>(PURGE_COMMAND_SQL, [
      reaperJobName(database),
      database,
      purgeJobName(database),
    ]);
    await cron.query('select cron.schedule($1, $2, $3)', [purgeJobName(database), PURGE_SCHEDULE, purge[0]?.command]);
    await cron.query('commit');
    return Number(rows[0]?.jobid);
  } catch (error) {
    await cron.query('rollback');
    throw error;
  }
}

/**
 * Unschedules every job that runs in `database` (the reaper, and any other: the database is being
 * dropped or left unreaped) and the purge job of its run log. No-op without pg_cron.
 * The run log of our two jobs goes with them (no purge job is left to delete it); other jobs'
 * runs are the app's to keep.
 */
export async function unscheduleJobsOf(cron: pg.Client, database: string): Promise<void> {
  const installed = await cron.query("select to_regclass('cron.job') is not null as present");
  if (!installed.rows[0]?.present) return;
  await cron.query('begin');
  try {
    await removeJobs(cron, '(database = $1 and command = $2) or jobname = $3', [database, REAPER_COMMAND, purgeJobName(database)]);
    await cron.query('select cron.unschedule(jobid) from cron.job where database = $1', [database]);
    await cron.query('commit');
  } catch (error) {
    await cron.query('rollback');
    throw error;
  }
}

/**
 * Unschedules our jobs matching `where` (over cron.job) and deletes their run log: pg_cron keeps a
 * removed job's runs, and with the job gone no purge matches them any more.
 */
async function removeJobs(cron: pg.Client, where: string, params: unknown[]): Promise<void> {
  const jobs = `select jobid from cron.job where ${where}`;
  await cron.query(`delete from cron.job_run_details where jobid in (${jobs})`, params);
  await cron.query(`select cron.unschedule(jobid) from (${jobs}) as ours`, params);
}
