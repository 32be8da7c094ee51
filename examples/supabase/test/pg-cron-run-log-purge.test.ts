// The purge of the reaper's pg_cron run log (migration 0020, and scheduleReaperJob for another
// database): scheduled once however often it is applied, and its command, run here rather than
// waiting for 03:17, deletes only our jobs' runs older than 7 days, never another job's.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PURGE_SCHEDULE,
  adminUrl,
  purgeJobName,
  readMigrations,
  reaperJobName,
  scheduleReaperJob,
  unscheduleReaperJob,
} from '../src/index';
import { cronInstalled, noPostgres, useTestDatabase } from './support';

const CRON_DATABASE = new URL(adminUrl()).pathname.slice(1);
// A role like Supabase's `postgres`: not a superuser, allowed to use pg_cron in the cron database.
const CRON_OWNER = 'unstuck_cron_owner_test';

const hasCron = await cronInstalled();

const migration = (suffix: string) => readMigrations().find((m) => m.name.endsWith(suffix))!.sql;

interface Job {
  jobid: string;
  jobname: string;
  schedule: string;
  command: string;
  database: string;
  username: string;
}

async function jobsNamed(client: pg.Client, names: string[]): Promise<Job[]> {
  const { rows } = await client.query<Job>(
    'select jobid, jobname, schedule, command, database, username from cron.job where jobname = any($1) order by jobname',
    [names],
  );
  return rows;
}

/** Inserts a finished run of `job` that ended `age` ago; returns its runid. */
async function finishedRun(client: pg.Client, job: Job, age: string): Promise<string> {
  const { rows } = await client.query<{ runid: string }>(
    `insert into cron.job_run_details (jobid, job_pid, database, username, command, status, return_message, start_time, end_time)
     values ($1, 1, $2, $3, $4, 'succeeded', 'SELECT 1', now() - $5::interval, now() - $5::interval)
     returning runid`,
    [job.jobid, job.database, job.username, job.command, age],
  );
  return rows[0]!.runid;
}

/** Inserts a run pg_cron marked failed at a restart: it started `age` ago and has no end_time. */
async function runCutByRestart(client: pg.Client, job: Job, age: string): Promise<string> {
  const { rows } = await client.query<{ runid: string }>(
    `insert into cron.job_run_details (jobid, job_pid, database, username, command, status, return_message, start_time)
     values ($1, 1, $2, $3, $4, 'failed', 'server restarted', now() - $5::interval)
     returning runid`,
    [job.jobid, job.database, job.username, job.command, age],
  );
  return rows[0]!.runid;
}

async function remainingRuns(client: pg.Client, runids: string[]): Promise<string[]> {
  const { rows } = await client.query<{ runid: string }>(
    'select runid from cron.job_run_details where runid = any($1) order by runid',
    [runids],
  );
  return rows.map((row) => row.runid);
}

describe.skipIf(!hasCron)('migration 0020 in the cron database (checked, then rolled back)', () => {
  let cron: pg.Client;
  beforeAll(async () => {
    cron = new pg.Client(adminUrl());
    await cron.connect();
  });
  afterAll(() => cron?.end());

  it('schedules one daily purge job however often 0013 and 0020 are applied', async () => {
    await cron.query('begin');
    try {
      for (let i = 0; i < 2; i += 1) {
        await cron.query(migration('_pg_cron.sql'));
        await cron.query(migration('_pg_cron_run_log_purge.sql'));
      }
      const jobs = await jobsNamed(cron, ['unstuck-reap-stuck-tasks', 'unstuck-purge-reaper-run-log']);
      expect(jobs.map(({ jobname, schedule, database }) => ({ jobname, schedule, database }))).toEqual([
        { jobname: 'unstuck-purge-reaper-run-log', schedule: PURGE_SCHEDULE, database: CRON_DATABASE },
        { jobname: 'unstuck-reap-stuck-tasks', schedule: '* * * * *', database: CRON_DATABASE },
      ]);
    } finally {
      await cron.query('rollback');
    }
  });

  it('as a role without superuser, purges only the old runs of the reaper and of itself', async () => {
    await cron.query('begin');
    try {
      await cron.query(`create role ${CRON_OWNER} nologin`);
      await cron.query(`grant usage on schema cron to ${CRON_OWNER}`);
      await cron.query(`set local role ${CRON_OWNER}`);
      await cron.query(migration('_pg_cron.sql'));
      await cron.query(migration('_pg_cron_run_log_purge.sql'));
      // The app's own job, of the same owner and database: its history is not ours.
      await cron.query("select cron.schedule('app-nightly-report', '0 1 * * *', 'select 1')");
      await cron.query('reset role');

      const [app, purge, reaper] = await jobsNamed(cron, [
        'app-nightly-report',
        'unstuck-purge-reaper-run-log',
        'unstuck-reap-stuck-tasks',
      ]);
      expect([app?.username, purge?.username, reaper?.username]).toEqual([CRON_OWNER, CRON_OWNER, CRON_OWNER]);
      const oldReaper = await finishedRun(cron, reaper!, '8 days');
      const newReaper = await finishedRun(cron, reaper!, '6 days');
      const oldPurge = await finishedRun(cron, purge!, '8 days');
      const oldApp = await finishedRun(cron, app!, '8 days');
      const newApp = await finishedRun(cron, app!, '1 day');
      // No end_time: aged by its start, or it would stay for ever.
      const oldCut = await runCutByRestart(cron, reaper!, '8 days');
      const newCut = await runCutByRestart(cron, reaper!, '6 days');

      // What pg_cron would run at 03:17, as the job's owner.
      await cron.query(`set local role ${CRON_OWNER}`);
      await cron.query(purge!.command);
      await cron.query('reset role');

      const runs = [oldReaper, newReaper, oldPurge, oldApp, newApp, oldCut, newCut];
      expect(await remainingRuns(cron, runs)).toEqual([newReaper, oldApp, newApp, newCut]);
    } finally {
      await cron.query('rollback');
    }
  });
});

describe.skipIf(noPostgres)('migration 0020 where pg_cron is not installed', () => {
  const t = useTestDatabase('runlogpurge_nocron');

  it('applies without error and schedules nothing', async () => {
    await expect(t.admin.query(migration('_pg_cron_run_log_purge.sql'))).resolves.toBeDefined();
    const { rows } = await t.admin.query("select count(*)::int as n from pg_extension where extname = 'pg_cron'");
    expect(rows[0].n).toBe(0);
  });
});

describe.skipIf(!hasCron)('scheduleReaperJob: the purge job of another database', () => {
  const t = useTestDatabase('runlogpurge');
  let cron: pg.Client;
  const inserted: string[] = [];
  beforeAll(async () => {
    cron = new pg.Client(adminUrl());
    await cron.connect();
  });
  afterAll(async () => {
    await cron?.query('delete from cron.job_run_details where runid = any($1)', [inserted]);
    await cron?.end();
  });

  it('is scheduled once in the cron database after scheduling twice, and purges only our old runs', async () => {
    const name = t.db.name;
    const jobId = await scheduleReaperJob(name);
    expect(await scheduleReaperJob(name)).toBe(jobId);
    const jobs = await jobsNamed(cron, [purgeJobName(name), reaperJobName(name)]);
    expect(jobs.map(({ jobname, schedule, database }) => ({ jobname, schedule, database }))).toEqual([
      { jobname: purgeJobName(name), schedule: PURGE_SCHEDULE, database: CRON_DATABASE },
      { jobname: reaperJobName(name), schedule: '* * * * *', database: name },
    ]);
    const [purge, reaper] = jobs;
    expect(reaper?.jobid).toBe(String(jobId));

    // A job of the app in the same database: its history is not ours.
    const { rows: scheduled } = await cron.query<{ jobid: string }>(
      "select cron.schedule_in_database('app-job:' || $1, '0 1 * * *', 'select 1', $1) as jobid",
      [name],
    );
    try {
      const [app] = await jobsNamed(cron, [`app-job:${name}`]);
      expect(app?.jobid).toBe(scheduled[0]!.jobid);
      const oldReaper = await finishedRun(cron, reaper!, '8 days');
      const newReaper = await finishedRun(cron, reaper!, '6 days');
      const oldPurge = await finishedRun(cron, purge!, '8 days');
      const oldApp = await finishedRun(cron, app!, '8 days');
      inserted.push(oldReaper, newReaper, oldPurge, oldApp);

      await cron.query(purge!.command);

      expect(await remainingRuns(cron, inserted)).toEqual([newReaper, oldApp]);
    } finally {
      await cron.query('select cron.unschedule($1::bigint)', [scheduled[0]!.jobid]);
    }
  });

  it('is gone with the reaper after unscheduleReaperJob, and so is their run log, not an app job\'s', async () => {
    const name = t.db.name;
    const names = [purgeJobName(name), reaperJobName(name)];
    await scheduleReaperJob(name);
    const [purge, reaper] = await jobsNamed(cron, names);
    expect([purge?.jobname, reaper?.jobname]).toEqual(names);
    // An app's job of the cron database: unscheduling this database's reaper leaves it and its runs.
    const { rows: scheduled } = await cron.query<{ jobid: string }>(
      "select cron.schedule('app-job-elsewhere:' || $1, '0 1 * * *', 'select 1') as jobid",
      [name],
    );
    const [app] = await jobsNamed(cron, [`app-job-elsewhere:${name}`]);
    try {
      const runs = [await finishedRun(cron, reaper!, '1 day'), await finishedRun(cron, purge!, '1 day')];
      const appRun = await finishedRun(cron, app!, '1 day');
      inserted.push(...runs, appRun);

      await unscheduleReaperJob(name);

      expect(await jobsNamed(cron, names)).toEqual([]);
      expect(await remainingRuns(cron, [...runs, appRun])).toEqual([appRun]);
    } finally {
      await cron.query('select cron.unschedule($1::bigint)', [scheduled[0]!.jobid]);
    }
  });
});
