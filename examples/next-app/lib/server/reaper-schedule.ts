import type { Database } from './db/database';
import { startIntervalReaper, type Reaper } from './reaper';

export type { Reaper } from './reaper';

const JOB_NAME = 'unstuck-demo-reaper';

/** pg_cron learnt second-granularity schedules (`'1 seconds'`) in 1.5. */
function supportsSeconds(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 5);
}

/**
 * Picks how reap_stuck_tasks() runs: on PostgreSQL with pg_cron ≥ 1.5 in this database, a cron job
 * every second (it keeps reaping with the app stopped); otherwise an in-process interval.
 */
export async function startReaper(db: Database, log = console): Promise<Reaper> {
  if (db.kind === 'postgres') {
    const rows = await db
      .asOwner((sql) => sql.query<{ extversion: string }>("select extversion from pg_extension where extname = 'pg_cron'"))
      .catch(() => []);
    const version = rows[0]?.extversion;
    if (version && supportsSeconds(version)) {
      // A role without rights on the cron schema cannot schedule: reap in process rather than
      // fail the start (which every request would retry, and the demo never come up).
      const scheduled = await db
        .asOwner((sql) => sql.query("select cron.schedule($1, '1 seconds', 'select public.reap_stuck_tasks()')", [JOB_NAME]))
        .then(() => true, (error: unknown) => {
          log.warn(`[unstuck] reaper: pg_cron ${version} could not schedule '${JOB_NAME}' (${(error as Error).message}); reaping in-process instead`);
          return false;
        });
      if (scheduled) {
        log.info(`[unstuck] reaper: pg_cron ${version} job '${JOB_NAME}' every second`);
        return startIntervalReaper(db, 60_000, log); // reapNow() for tests; cron does the work
      }
      return startIntervalReaper(db, undefined, log);
    }
    log.info(`[unstuck] reaper: in-process interval (pg_cron ${version ?? 'absent'} cannot run every second)`);
  }
  return startIntervalReaper(db, undefined, log);
}
