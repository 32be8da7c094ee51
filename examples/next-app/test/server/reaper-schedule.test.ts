import { describe, expect, test } from 'vitest';
import type { Database, Sql } from '../../lib/server/db/database';
import { startReaper } from '../../lib/server/reaper-schedule';

// How the demo's reaper is run on PostgreSQL, with a database that answers as a pg_cron ≥ 1.5 would.
function fakePostgres(schedule: () => Promise<unknown[]>): { db: Database; reaped: () => number } {
  let reaped = 0;
  const sql: Sql = {
    async query<Row>(text: string) {
      if (text.includes('from pg_extension')) return [{ extversion: '1.6.4' }] as Row[];
      if (text.includes('cron.schedule')) return (await schedule()) as Row[];
      if (text.includes('reap_stuck_tasks')) {
        reaped += 1;
        return [{ value: { pending_timeout: 0 } }] as Row[];
      }
      throw new Error(`unexpected query: ${text}`);
    },
    exec: async () => undefined,
  };
  const run = <T>(fn: (s: Sql) => Promise<T>) => fn(sql);
  const db: Database = {
    kind: 'postgres',
    asUser: (_user, fn) => run(fn),
    asService: run,
    asOwner: run,
    listen: async () => async () => undefined,
    close: async () => undefined,
  };
  return { db, reaped: () => reaped };
}

const silent = () => {
  const lines: string[] = [];
  const log = { info: (...a: unknown[]) => lines.push(a.join(' ')), warn: (...a: unknown[]) => lines.push(a.join(' ')), error: (...a: unknown[]) => lines.push(a.join(' ')) };
  return { log: log as unknown as Console, lines };
};

describe('startReaper on PostgreSQL with pg_cron ≥ 1.5', () => {
  test('a role that may not schedule cron jobs gets the in-process reaper, not a server that never starts', async () => {
    const { db, reaped } = fakePostgres(() => Promise.reject(new Error('permission denied for schema cron')));
    const { log, lines } = silent();
    const reaper = await startReaper(db, log);
    try {
      await expect.poll(reaped, { timeout: 3_000 }).toBeGreaterThan(0); // every second, in process
      expect(lines.join('\n')).toMatch(/permission denied for schema cron[^]*in-process/);
    } finally {
      reaper.stop();
    }
  });

  test('where scheduling works, the cron job reaps and the process does not every second', async () => {
    const { db, reaped } = fakePostgres(async () => [{ schedule: 1 }]);
    const { log, lines } = silent();
    const reaper = await startReaper(db, log);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(reaped()).toBe(0);
      expect(lines.join('\n')).toMatch(/pg_cron 1\.6\.4 job/);
    } finally {
      reaper.stop();
    }
  });
});
