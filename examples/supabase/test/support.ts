// Shared test plumbing: is PostgreSQL here (or required), a database per test file, and small
// helpers to call the contract's functions as a user or as a worker.
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import {
  adminUrl,
  createTestDatabase,
  postgresAvailable,
  withService,
  withUser,
  type TestDatabase,
} from '../src/index';

const required = process.env.UNSTUCK_REQUIRE_POSTGRES === '1';
const available = await postgresAvailable();
if (!available) {
  if (required) throw new Error('UNSTUCK_REQUIRE_POSTGRES=1 but PostgreSQL is unreachable');
  const where = new URL(adminUrl()).host;
  console.warn(`[supabase-example] PostgreSQL unreachable at ${where}: PostgreSQL suites skipped`);
}

/** True when the PostgreSQL suites must be skipped. */
export const noPostgres = !available;

/** True when pg_cron is installed in the cron database (the admin URL's); false without PostgreSQL. */
export async function cronInstalled(): Promise<boolean> {
  if (noPostgres) return false;
  const client = await connectTo(adminUrl());
  try {
    const { rows } = await client.query("select count(*)::int as n from pg_extension where extname = 'pg_cron'");
    return rows[0].n === 1;
  } finally {
    await client.end();
  }
}

export const ALICE = 'a11ce000-0000-4000-8000-000000000001';
export const BOB = 'b0b00000-0000-4000-8000-000000000002';

/**
 * A database of this test file's own, created in beforeAll and dropped in afterAll, plus a
 * superuser client on it. Connections opened through `connect()` are closed before the drop.
 */
export function useTestDatabase(prefix: string) {
  const state: { db?: TestDatabase; admin?: pg.Client } = {};
  const extra: pg.Client[] = [];
  beforeAll(async () => {
    if (noPostgres) return;
    state.db = await createTestDatabase(`sbx_${prefix}`);
    state.admin = await connectTo(state.db.url);
  });
  afterAll(async () => {
    await Promise.all([state.admin, ...extra].map((c) => c?.end().catch(() => undefined)));
    await state.db?.drop();
  });
  return {
    get db(): TestDatabase {
      if (!state.db) throw new Error('no test database');
      return state.db;
    },
    get admin(): pg.Client {
      if (!state.admin) throw new Error('no test database');
      return state.admin;
    },
    async connect(): Promise<pg.Client> {
      const client = await connectTo(this.db.url);
      extra.push(client);
      return client;
    },
  };
}

async function connectTo(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

type Row = Record<string, unknown>;

/** Calls `select <fn>(<args>) as r` as `userId` and returns `r`. */
export async function asUser<T = Row>(client: pg.Client, userId: string, sql: string, params: unknown[] = []): Promise<T> {
  const result = await withUser(client, userId, (c) => c.query(`select ${sql} as r`, params));
  return result.rows[0].r as T;
}

/** Calls `select <fn>(<args>) as r` as service_role and returns `r`. */
export async function asService<T = Row>(client: pg.Client, sql: string, params: unknown[] = []): Promise<T> {
  const result = await withService(client, (c) => c.query(`select ${sql} as r`, params));
  return result.rows[0].r as T;
}

export interface TaskJson {
  id: string;
  user_id: string;
  type: string;
  status: string;
  attempt: number;
  error_code: string | null;
  error_message: string | null;
  cancel_requested_at: string | null;
  started_at: string | null;
  heartbeat_at: string | null;
  finished_at: string | null;
  progress: number | null;
  result: unknown;
  retry_of: string | null;
}

export interface Admission {
  task: TaskJson;
  created: boolean;
  reaped_task_id: string | null;
}

/** submit_task as `userId`. */
export function submit(client: pg.Client, userId: string, type: string, payload: unknown = {}): Promise<Admission> {
  return asUser<Admission>(client, userId, 'public.submit_task($1, $2)', [type, JSON.stringify(payload)]);
}

/** claim_task of one id as a worker; null when it could not be claimed. */
export function claim(client: pg.Client, taskId: string): Promise<TaskJson | null> {
  return asService<TaskJson | null>(client, 'public.claim_task($1)', [taskId]);
}

/** A submitted and claimed task of `type` for `userId`. */
export async function runningTask(client: pg.Client, userId: string, type = 'report'): Promise<TaskJson> {
  const { task } = await submit(client, userId, type);
  const claimed = await claim(client, task.id);
  if (!claimed) throw new Error('could not claim');
  return claimed;
}

/** The row as the superuser sees it. */
export async function readTask(client: pg.Client, taskId: string): Promise<TaskJson> {
  const { rows } = await client.query('select to_jsonb(t) as r from public.tasks t where id = $1', [taskId]);
  return rows[0].r as TaskJson;
}

/** The SQLSTATE and message a promise rejects with. */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; message: string };
    return { code: e.code ?? '', message: e.message };
  }
  throw new Error('expected the call to fail');
}

/** Waits until backend `pid` waits on a lock (a row, an advisory lock), as `observer` sees it. */
export async function waitUntilBlocked(observer: pg.Client, pid: number): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    const { rows } = await observer.query('select wait_event_type from pg_stat_activity where pid = $1', [pid]);
    if (rows[0]?.wait_event_type === 'Lock') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`backend ${pid} never blocked`);
}

/**
 * A role of the cluster, not the tables' owner, granted `privileges` on public.tasks for the
 * describe block (an admin's or a retention job's). Created before its tests (dropped first if a
 * killed run left it) and dropped after them, with its grants in the test database.
 */
export function useGrantedRole(t: { admin: pg.Client }, role: string, privileges: string): void {
  beforeAll(async () => {
    if (noPostgres) return;
    await t.admin.query(`drop role if exists ${role}`);
    await t.admin.query(`create role ${role} bypassrls`);
    await t.admin.query(`grant ${privileges} on public.tasks to ${role}`);
  });
  afterAll(async () => {
    if (noPostgres) return;
    await t.admin.query(`drop owned by ${role}`);
    await t.admin.query(`drop role ${role}`);
  });
}
