// Throwaway databases on a real PostgreSQL server, fast enough for one per test file: the
// migrations are applied once into a template database named by their hash, and each test
// database is a copy of it (CREATE DATABASE … TEMPLATE), which takes tens of milliseconds.
import pg from 'pg';
import { scheduleJobsOf, unscheduleJobsOf } from './cron';
import { applyMigrations, migrationsHash } from './migrations';

/** The local server this project develops against (trust auth). */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The admin URL: env `UNSTUCK_POSTGRES_URL`, else DEFAULT_POSTGRES_URL. */
export function adminUrl(): string {
  return process.env.UNSTUCK_POSTGRES_URL ?? DEFAULT_POSTGRES_URL;
}

/** The same server URL with another database name. */
export function databaseUrl(name: string, base: string = adminUrl()): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * True when a PostgreSQL server answers at `url` within about a second.
 * @default url DEFAULT_POSTGRES_URL (or env UNSTUCK_POSTGRES_URL)
 * @example
 * const pgUp = await postgresAvailable();
 * describe.skipIf(!pgUp)('against PostgreSQL', () => { … });
 */
export async function postgresAvailable(url: string = adminUrl()): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const TEMPLATE_LOCK = 'select pg_advisory_lock(hashtext($1))';
const TEMPLATE_UNLOCK = 'select pg_advisory_unlock(hashtext($1))';

/**
 * Makes sure the template database for the current migration files exists, building it under a
 * cluster-wide advisory lock so that concurrent test processes build it once. Returns its name.
 */
export async function ensureTemplateDatabase(base: string = adminUrl()): Promise<string> {
  const name = `unstuck_tpl_${migrationsHash({ shim: true })}`;
  return withClient(base, async (admin) => {
    const exists = async () =>
      (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (await exists()) return name;
    await admin.query(TEMPLATE_LOCK, ['unstuck.template']);
    try {
      if (await exists()) return name;
      const building = `${name}_building`;
      await admin.query(`drop database if exists ${quoteIdent(building)} with (force)`);
      await admin.query(`create database ${quoteIdent(building)}`);
      // The template may have no connection left when it is copied: close this one first.
      await withClient(databaseUrl(building, base), (db) =>
        applyMigrations((sql) => db.query(sql), { shim: true }),
      );
      await admin.query(`alter database ${quoteIdent(building)} rename to ${quoteIdent(name)}`);
      await dropOldTemplates(admin, name);
      return name;
    } finally {
      await admin.query(TEMPLATE_UNLOCK, ['unstuck.template']);
    }
  });
}

// Templates of earlier migration files are dead weight; one still being copied stays (the drop
// fails while it is in use, and the next build retries).
async function dropOldTemplates(admin: pg.Client, current: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname like 'unstuck\\_tpl\\_%' and datname <> $1",
    [current],
  );
  for (const { datname } of rows) {
    await admin.query(`drop database if exists ${quoteIdent(datname)}`).catch(() => undefined);
  }
}

/** A database of one's own, with every migration applied. */
export interface TestDatabase {
  /** Its connection URL (superuser, as the admin URL). */
  url: string;
  name: string;
  /** Drops it, closing whatever connections are left, and unschedules its pg_cron jobs. */
  drop(): Promise<void>;
}

/**
 * A fresh database with the shim and all migrations applied, copied from the template database
 * (built on first use). Name: `<prefix>_<random>`; `prefix` should say who made it.
 * @example
 * const db = await createTestDatabase('hooks_test');
 * const client = new pg.Client(db.url); … ; await client.end(); await db.drop();
 */
export async function createTestDatabase(
  prefix: string,
  base: string = adminUrl(),
): Promise<TestDatabase> {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40);
  const name = `${clean}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  for (let attempt = 1; ; attempt += 1) {
    const template = await ensureTemplateDatabase(base);
    try {
      await withClient(base, (admin) =>
        admin.query(`create database ${quoteIdent(name)} template ${quoteIdent(template)}`),
      );
      break;
    } catch (error) {
      // The template was being built, dropped or briefly in use (autovacuum): try again.
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  return {
    name,
    url: databaseUrl(name, base),
    drop: () => dropTestDatabase(name, base),
  };
}

async function dropTestDatabase(name: string, base: string): Promise<void> {
  await withClient(base, async (admin) => {
    await unscheduleJobsOf(admin, name);
    await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`);
  });
}

/**
 * Schedules `select public.reap_stuck_tasks()` in `database` with pg_cron, connecting to the
 * cron database (`cron.database_name`, `postgres` here), and the daily purge of that job's run log
 * older than 7 days (a job of the cron database, as migration 0020 schedules for it). Replaces the
 * jobs of the same names, so calling it again keeps one of each. pg_cron 1.4 takes minute
 * schedules only. Returns the reaper's job id.
 * @default schedule '* * * * *' (every minute)
 * @example
 * const jobId = await scheduleReaperJob(db.name);
 */
export async function scheduleReaperJob(
  database: string,
  options: { schedule?: string; cronUrl?: string } = {},
): Promise<number> {
  return withClient(options.cronUrl ?? adminUrl(), (cron) =>
    scheduleJobsOf(cron, database, options.schedule ?? '* * * * *'),
  );
}

/** Removes every pg_cron job that runs in `database`, and the purge job of its reaper's run log. */
export async function unscheduleReaperJob(
  database: string,
  options: { cronUrl?: string } = {},
): Promise<void> {
  await withClient(options.cronUrl ?? adminUrl(), (cron) => unscheduleJobsOf(cron, database));
}
