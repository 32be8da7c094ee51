// Two reapers on their schedule at once (as two pg_cron hosts or Edge Function schedules that
// overlap would be): each calls reap_stuck_tasks() every interval, with a little jitter so that
// they sometimes collide on the same rows.
import pg from 'pg';
import type { Lifetime } from './lifetime';
import { createPrng } from './prng';

export type ReapReason = 'pending_timeout' | 'heartbeat_timeout' | 'max_runtime' | 'cancel_timeout';

export interface ReaperStats {
  calls: number;
  reaped: Record<ReapReason, number>;
  /** Slowest call, ms. */
  maxCallMs: number;
  errors: string[];
}

export function emptyReaperStats(): ReaperStats {
  return {
    calls: 0,
    reaped: { pending_timeout: 0, heartbeat_timeout: 0, max_runtime: 0, cancel_timeout: 0 },
    maxCallMs: 0,
    errors: [],
  };
}

/** Runs one reaper until the run stops; adds its figures to `stats`. */
export async function runReaper(url: string, intervalMs: number, seed: number, life: Lifetime, stats: ReaperStats): Promise<void> {
  const client = new pg.Client({ connectionString: url, options: '-c role=service_role' });
  client.on('error', () => undefined);
  await client.connect();
  const jitter = createPrng(seed, 0x7ea9);
  try {
    // Fixed rate: each call starts one (jittered) interval after the previous call *started*, so
    // a slow call does not push the next one back (as pg_cron or any scheduler would behave).
    let previous = Date.now();
    while (await life.sleep(previous + intervalMs * jitter.between(0.8, 1.2) - Date.now())) {
      const started = Date.now();
      previous = started;
      try {
        const { rows } = await client.query<{ counts: Record<ReapReason, number> }>('select public.reap_stuck_tasks() as counts');
        stats.calls += 1;
        for (const reason of Object.keys(stats.reaped) as ReapReason[]) stats.reaped[reason] += rows[0]!.counts[reason];
      } catch (error) {
        stats.errors.push(error instanceof Error ? error.message : String(error));
      }
      stats.maxCallMs = Math.max(stats.maxCallMs, Date.now() - started);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
