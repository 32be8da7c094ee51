// The reaper on pg_cron: the job is registered for this test's database (through the cron
// database, as the migration explains) and a real run is recorded and reaps a back-dated task.
// A run happens at the next minute boundary, so this test may take up to ~70 s; it only waits
// on its own database, and the other files run meanwhile.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { adminUrl, backdateTask, purgeJobName, reaperJobName, scheduleReaperJob } from '../src/index';
import { ALICE, cronInstalled, noPostgres, readTask, submit, useTestDatabase } from './support';

const hasCron = await cronInstalled();
if (!noPostgres && !hasCron) {
  if (process.env.UNSTUCK_REQUIRE_POSTGRES === '1') throw new Error('pg_cron is not installed in the cron database');
  console.warn('[supabase-example] pg_cron not installed in the postgres database: pg_cron suite skipped');
}

describe.skipIf(!hasCron)('pg_cron schedule', () => {
  const t = useTestDatabase('pgcron');

  it('registers the reaper job for this database and records a run that reaps, and a run of its log purge', async () => {
    const { task } = await submit(t.admin, ALICE, 'report');
    await backdateTask(t.admin, task.id, '31 minutes');

    const jobId = await scheduleReaperJob(t.db.name);
    const cron = new pg.Client(adminUrl());
    await cron.connect();
    try {
      const { rows: jobs } = await cron.query('select jobname, schedule, command, database, active from cron.job where jobid = $1', [jobId]);
      expect(jobs).toEqual([
        {
          jobname: reaperJobName(t.db.name),
          schedule: '* * * * *',
          command: 'select public.reap_stuck_tasks()',
          database: t.db.name,
          active: true,
        },
      ]);
      // scheduling again replaces the job rather than adding one
      expect(await scheduleReaperJob(t.db.name)).toBe(jobId);

      // The run log purge (daily in earnest, migration 0020) runs at the same minute here, as
      // pg_cron runs it: in the cron database, as the job's owner.
      const { rows: purge } = await cron.query<{ jobid: string }>('select jobid from cron.job where jobname = $1', [
        purgeJobName(t.db.name),
      ]);
      await cron.query("select cron.alter_job($1, schedule := '* * * * *')", [purge[0]?.jobid]);

      const lastFinishedRun = async (id: number | string | undefined) => {
        const { rows } = await cron.query<{ status: string; return_message: string }>(
          "select status, return_message from cron.job_run_details where jobid = $1 and status in ('succeeded', 'failed') order by runid desc limit 1",
          [id],
        );
        return rows[0];
      };
      const deadline = Date.now() + 80_000;
      let run: { status: string; return_message: string } | undefined;
      let purgeRun: typeof run;
      while (!(run && purgeRun) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        run = await lastFinishedRun(jobId);
        purgeRun = await lastFinishedRun(purge[0]?.jobid);
      }
      expect(run).toMatchObject({ status: 'succeeded' });
      expect(purgeRun).toMatchObject({ status: 'succeeded', return_message: expect.stringMatching(/^DELETE \d+$/) });
      expect(await readTask(t.admin, task.id)).toMatchObject({ status: 'failed', error_code: 'pending_timeout' });
      const { rows: events } = await t.admin.query(
        "select actor from public.task_events where task_id = $1 and kind = 'failed'",
        [task.id],
      );
      expect(events).toEqual([{ actor: 'reaper' }]);
    } finally {
      await cron.end();
    }
  }, 100_000);

  it('schedules the job when the migration runs in the cron database (checked, then rolled back)', async () => {
    const { readMigrations } = await import('../src/index');
    const migration = readMigrations().find((m) => m.name.endsWith('_pg_cron.sql'))!;
    const cron = new pg.Client(adminUrl());
    await cron.connect();
    try {
      await cron.query('begin');
      await cron.query(migration.sql);
      const { rows } = await cron.query(
        "select schedule, command, database from cron.job where jobname = 'unstuck-reap-stuck-tasks'",
      );
      expect(rows).toEqual([
        { schedule: '* * * * *', command: 'select public.reap_stuck_tasks()', database: new URL(adminUrl()).pathname.slice(1) },
      ]);
    } finally {
      await cron.query('rollback'); // the shared cron database is left as it was
      await cron.end();
    }
  });

  it('applies the pg_cron migration without error where pg_cron is not usable', async () => {
    // this database is not cron.database_name: 0013 only leaves a notice (it ran in the template)
    const { rows } = await t.admin.query("select count(*)::int as n from pg_extension where extname = 'pg_cron'");
    expect(rows[0].n).toBe(0);
    const { readMigrations } = await import('../src/index');
    const migration = readMigrations().find((m) => m.name.endsWith('_pg_cron.sql'));
    await expect(t.admin.query(migration!.sql)).resolves.toBeDefined();
  });
});
