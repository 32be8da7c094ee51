// Reading and applying the SQL files, in order, through whatever runs SQL (node-postgres, PGlite,
// psql): the migrations are plain SQL with no runner of their own.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One SQL file: its file name (e.g. `0003_tasks.sql`) and its text. */
export interface Migration {
  name: string;
  sql: string;
}

export interface MigrationOptions {
  /**
   * Put the Supabase shim (`shim/*.sql`: `auth.uid()`, the API roles) before the migrations.
   * Needed on plain PostgreSQL and PGlite; never on Supabase, which has all of it.
   * @default false
   */
  shim?: boolean;
  /**
   * The folder holding `shim/` and `migrations/`, for bundlers that cannot follow
   * `import.meta.url` to this package's files.
   * @default env UNSTUCK_SQL_DIR, else this package's folder (SQL_ROOT)
   */
  dir?: string;
}

/** The folder holding `shim/` and `migrations/`. */
// From the file path string, not a URL object: under jsdom (component tests) `new URL` is jsdom's.
export const SQL_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function readFolder(root: string, folder: string): Migration[] {
  const dir = join(root, folder);
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * The migrations, in the order they must run (file names sort in order), read from disk at
 * each call.
 * @example
 * for (const { name, sql } of readMigrations({ shim: true })) await client.query(sql);
 */
export function readMigrations(options: MigrationOptions = {}): Migration[] {
  const root = options.dir ?? process.env.UNSTUCK_SQL_DIR ?? SQL_ROOT;
  return [...(options.shim ? readFolder(root, 'shim') : []), ...readFolder(root, 'migrations')];
}

/**
 * Runs every migration, one file per call of `run`, in order. Each file is a multi-statement
 * script: with node-postgres pass `(sql) => client.query(sql)`, with PGlite `(sql) => db.exec(sql)`.
 * A failing file rejects with its name in the message.
 * @example
 * await applyMigrations((sql) => client.query(sql), { shim: true });
 */
export async function applyMigrations(
  run: (sql: string) => Promise<unknown>,
  options: MigrationOptions = {},
): Promise<Migration[]> {
  const migrations = readMigrations(options);
  for (const migration of migrations) {
    try {
      await run(migration.sql);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${migration.name} failed: ${reason}`, { cause: error });
    }
  }
  return migrations;
}

/** A short hash of the files `readMigrations(options)` returns: names and contents. */
export function migrationsHash(options: MigrationOptions = {}): string {
  const hash = createHash('sha256');
  for (const { name, sql } of readMigrations(options)) hash.update(`${name}\0${sql}\0`);
  return hash.digest('hex').slice(0, 16);
}
