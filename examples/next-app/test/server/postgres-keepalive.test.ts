import type { TestDatabase } from '@unstuck/supabase-example';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPostgresDatabase } from '../../lib/server/db/postgres';
import { nextAppDatabase, postgresMissingReason } from './pg';
import { keepaliveTimerSeconds } from './tcp-keepalive';

// The LISTEN connection sits idle between notifications: dropped silently (a NAT or load balancer
// forgetting it, a failover), it would never report an error, the SSE streams would stop getting
// changes and the browsers would fall back to slow polls without a word. TCP keepalive makes the
// kernel probe an idle connection, which keeps NAT mappings alive and turns a dead peer into a
// socket error, which the driver's reconnect (postgres-listen.test.ts) then handles.
const KEEPALIVE_IDLE_S = 10;

const missing = await postgresMissingReason();
if (missing) console.warn(`[next-app] keepalive suite skipped: ${missing}`);

let testDb: TestDatabase;
beforeAll(async () => {
  if (!missing) testDb = await nextAppDatabase('keepalive');
});
afterAll(async () => {
  await testDb?.drop();
});

describe.skipIf(!!missing || process.platform !== 'linux')('TCP keepalive on the PostgreSQL connections', () => {
  test('the LISTEN connection is probed after at most 10 s of silence', async () => {
    const db = await openPostgresDatabase(`${testDb.url}?application_name=unstuck_keepalive_listen`);
    const stop = await db.listen('unstuck_keepalive_test', () => undefined);
    try {
      const [listening] = await db.asOwner((sql) =>
        sql.query<{ port: number }>(
          `select client_port as port from pg_stat_activity
           where application_name = 'unstuck_keepalive_listen' and query ilike 'listen %'`,
        ),
      );
      expect(listening).toBeDefined();
      await expect.poll(() => keepaliveTimerSeconds(listening!.port)).not.toBeNull();
      expect(keepaliveTimerSeconds(listening!.port)).toBeLessThanOrEqual(KEEPALIVE_IDLE_S);
    } finally {
      await stop();
      await db.close();
    }
  });

  test('a pooled connection is probed too', async () => {
    const db = await openPostgresDatabase(testDb.url);
    try {
      await db.asOwner(async (sql) => {
        const [own] = await sql.query<{ port: number }>('select client_port as port from pg_stat_activity where pid = pg_backend_pid()');
        await expect.poll(() => keepaliveTimerSeconds(own!.port)).not.toBeNull();
        expect(keepaliveTimerSeconds(own!.port)).toBeLessThanOrEqual(KEEPALIVE_IDLE_S);
      });
    } finally {
      await db.close();
    }
  });
});
