// scheduleReaperJob for databases whose names are long: pg_cron stores a job name as type `name`,
// cut to 63 bytes, and replaces a job of the same (cut) name, keeping that job's database. Two
// databases whose names begin alike must still each get their own reaper and purge jobs.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminUrl,
  createTestDatabase,
  REAPER_COMMAND,
  scheduleReaperJob,
  unscheduleReaperJob,
  type TestDatabase,
} from '../src/index';
import { cronInstalled } from './support';

const hasCron = await cronInstalled();

// 40 characters, the most createTestDatabase keeps of a prefix: the two names differ only after it.
const LONG_PREFIX = 'sbx_cron_long_database_names_xxxxxxxxxxx';

describe.skipIf(!hasCron)('scheduleReaperJob for two long database names that begin alike', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  let cron: pg.Client;
  beforeAll(async () => {
    first = await createTestDatabase(LONG_PREFIX);
    second = await createTestDatabase(LONG_PREFIX);
    cron = new pg.Client(adminUrl());
    await cron.connect();
  });
  afterAll(async () => {
    await cron?.end();
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it('gives each database its own reaper job, running in it', async () => {
    expect(first.name.length + 'unstuck-reap-stuck-tasks:'.length).toBeGreaterThan(63);
    const firstJob = await scheduleReaperJob(first.name);
    const secondJob = await scheduleReaperJob(second.name);
    expect(secondJob).not.toBe(firstJob);
    const { rows } = await cron.query('select jobid, database from cron.job where jobid = any($1) order by jobid', [
      [firstJob, secondJob],
    ]);
    expect(rows).toEqual([
      { jobid: String(firstJob), database: first.name },
      { jobid: String(secondJob), database: second.name },
    ]);
    expect(await scheduleReaperJob(second.name)).toBe(secondJob);
  });

  it('keeps the other database jobs when one is unscheduled', async () => {
    await scheduleReaperJob(first.name);
    await scheduleReaperJob(second.name);
    await unscheduleReaperJob(first.name);
    const reaperJobs = await cron.query('select database from cron.job where database = any($1)', [
      [first.name, second.name],
    ]);
    expect(reaperJobs.rows).toEqual([{ database: second.name }]);
    const purgeJobs = await cron.query(
      "select command like '%' || $1 || '%' as purges_second from cron.job where jobname like 'unstuck-purge-reaper-run-log:sbx_cron_long%'",
      [second.name],
    );
    expect(purgeJobs.rows).toEqual([{ purges_second: true }]);
  });

  it('replaces a job an earlier version left under the cut name, and its never-purged run log, rather than reaping twice', async () => {
    await unscheduleReaperJob(first.name);
    // What scheduleReaperJob used to register: pg_cron cut the name to its first 63 bytes.
    const { rows: old } = await cron.query<{ jobid: string }>(
      "select cron.schedule_in_database(left('unstuck-reap-stuck-tasks:' || $1, 63), '* * * * *', $2, $1) as jobid",
      [first.name, REAPER_COMMAND],
    );
    const { rows: run } = await cron.query<{ runid: string }>(
      `insert into cron.job_run_details (jobid, job_pid, database, username, command, status, return_message, start_time, end_time)
       values ($1, 1, $2, current_user, $3, 'succeeded', 'SELECT 1', now() - interval '1 day', now() - interval '1 day')
       returning runid`,
      [old[0]!.jobid, first.name, REAPER_COMMAND],
    );
    const jobId = await scheduleReaperJob(first.name);
    const { rows } = await cron.query('select jobid from cron.job where database = $1', [first.name]);
    expect(rows).toEqual([{ jobid: String(jobId) }]);
    const left = await cron.query('select runid from cron.job_run_details where runid = $1', [run[0]!.runid]);
    expect(left.rows).toEqual([]);
  });
});
