// A fresh database, the Supabase stand-in serving it, and real supabase-js clients signed in as
// test users. The stand-in exists because no PostgREST or Realtime server can run here
// (tools/supabase-standin/README.md); PostgreSQL, RLS and supabase-js are the real ones.
import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { createTestDatabase, withService, type TestDatabase } from '@unstuck/supabase-example';
import { startStandin, type Standin } from '@unstuck/supabase-standin';
import pg from 'pg';
import WebSocket from 'ws';

export interface SupabaseFixture {
  db: TestDatabase;
  standin: Standin;
  /** A superuser connection for worker-side writes (as service_role) and assertions. */
  admin: pg.Client;
  /** A supabase-js client signed in as `userId` (a new random user when omitted). */
  signedIn(userId?: string): Promise<{ client: SupabaseClient; userId: string }>;
  /** Worker steps, as the service role would call them. */
  worker: {
    claim(taskId: string): Promise<{ attempt: number }>;
    complete(taskId: string, attempt: number, result?: unknown): Promise<void>;
    heartbeat(taskId: string, attempt: number, progress: number): Promise<void>;
  };
  close(): Promise<void>;
}

/** Realtime timings short enough for fault tests to finish in a second or two. */
export const FAST_REALTIME = {
  transport: WebSocket as unknown as never,
  timeout: 1_000,
  heartbeatIntervalMs: 5_000,
  reconnectAfterMs: () => 100,
};

export async function startSupabaseFixture(prefix: string): Promise<SupabaseFixture> {
  const db = await createTestDatabase(prefix);
  const standin = await startStandin({ connectionString: db.url });
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const clients: SupabaseClient[] = [];

  const serviceCall = async (sql: string, params: unknown[]) =>
    withService(admin, (c) => c.query(sql, params)) as Promise<{ rows: Array<{ r: Record<string, unknown> | null }> }>;

  return {
    db,
    standin,
    admin,
    async signedIn(userId = randomUUID()) {
      const client = createClient(standin.url, standin.anonKey, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
        realtime: FAST_REALTIME,
      });
      const { error } = await client.auth.setSession(standin.issueSession(userId));
      if (error) throw error;
      clients.push(client);
      return { client, userId };
    },
    worker: {
      async claim(taskId) {
        const { rows } = await serviceCall('select public.claim_task($1) as r', [taskId]);
        const row = rows[0]?.r;
        if (!row) throw new Error(`could not claim ${taskId}`);
        return { attempt: Number(row.attempt) };
      },
      async complete(taskId, attempt, result = { ok: true }) {
        await serviceCall('select public.complete_task($1, $2, $3) as r', [taskId, attempt, JSON.stringify(result)]);
      },
      async heartbeat(taskId, attempt, progress) {
        await serviceCall('select public.heartbeat_task($1, $2, $3) as r', [taskId, attempt, progress]);
      },
    },
    async close() {
      await Promise.all(clients.map((client) => client.removeAllChannels().catch(() => undefined)));
      await standin.stop();
      await admin.end();
      await db.drop();
    },
  };
}
