import type { Database } from './db/database';

export interface Reaper {
  /** Runs one pass now and returns what it reaped. */
  reapNow(): Promise<Record<string, number>>;
  stop(): void;
}

/** The demo's thresholds are seconds, so the reaper runs every second (a deployment: every minute). */
export const REAP_EVERY_MS = 1000;

/**
 * Calls the contract's set-based `reap_stuck_tasks()` as `service_role` on an interval. Used for
 * PGlite, and for PostgreSQL when pg_cron cannot run a job every second (pg_cron < 1.5).
 */
export function startIntervalReaper(db: Database, everyMs = REAP_EVERY_MS, log = console): Reaper {
  let running = false;
  const reapNow = async () => {
    const [row] = await db.asService((sql) =>
      sql.query<{ value: Record<string, number> }>('select reap_stuck_tasks() as value'),
    );
    const counts = row?.value ?? {};
    const total = Object.values(counts).reduce((sum, n) => sum + (Number(n) || 0), 0);
    if (total > 0) log.info('[unstuck] reaper:', JSON.stringify(counts));
    return counts;
  };
  const timer = setInterval(() => {
    if (running) return; // a slow pass is never overlapped by the next one
    running = true;
    reapNow()
      .catch((error: unknown) => log.error('[unstuck] reaper pass failed:', (error as Error).message))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref?.();
  return { reapNow, stop: () => clearInterval(timer) };
}
