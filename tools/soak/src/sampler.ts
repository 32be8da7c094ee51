// Samples the one-active-task-per-(user, exclusive type) rule while the load runs: a snapshot of
// the table every few hundred milliseconds must never show two active rows of one pair.
import pg from 'pg';
import type { Lifetime } from './lifetime';

export interface ExclusiveSamples {
  samples: number;
  /** Each (user, type, count) seen with more than one active exclusive task. */
  violations: string[];
  /** Highest number of active tasks seen in one sample (to show the samples saw load). */
  maxActive: number;
}

export async function sampleExclusive(url: string, everyMs: number, life: Lifetime, out: ExclusiveSamples): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    while (await life.sleep(everyMs)) {
      const { rows } = await client.query<{ total: number; crowded: Array<{ user_id: string; type: string; n: number }> | null }>(
        `with active as (select user_id, type, exclusive from public.tasks where status in ('pending', 'processing'))
         select (select count(*)::int from active) as total,
                (select json_agg(c) from (
                   select user_id, type, count(*)::int as n from active where exclusive
                   group by user_id, type having count(*) > 1) c) as crowded`,
      );
      const row = rows[0]!;
      out.samples += 1;
      out.maxActive = Math.max(out.maxActive, row.total);
      for (const c of row.crowded ?? []) out.violations.push(`${c.user_id}/${c.type}: ${c.n} active`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
