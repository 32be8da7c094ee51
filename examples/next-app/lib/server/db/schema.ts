import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database, Sql } from './database';

/*
 * A local stand-in for `readMigrations` / `applyMigrations` of @unstuck/supabase-example: that
 * package finds its SQL with `new URL('..', import.meta.url)`, which Turbopack takes for an asset
 * import and cannot bundle. Here the folder is found from the working directory, which is the app's
 * folder under `pnpm --filter … start`, `pnpm demo` and the tests; `UNSTUCK_SQL_DIR` overrides it.
 */
export function sqlDir(): string {
  return process.env.UNSTUCK_SQL_DIR ?? resolve(/* turbopackIgnore: true */ process.cwd(), '..', 'supabase');
}

/** The shim (auth schema, API roles) then the migrations, each folder in file-name order. */
export function readContractSql(dir = sqlDir()): Array<{ name: string; sql: string }> {
  return ['shim', 'migrations'].flatMap((folder) =>
    readdirSync(join(/* turbopackIgnore: true */ dir, folder))
      .filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name))
      .sort()
      .map((name) => ({ name: `${folder}/${name}`, sql: readFileSync(join(/* turbopackIgnore: true */ dir, folder, name), 'utf8') })),
  );
}

/** A fingerprint of the SQL that would be applied now: every file's name and text, in order. */
export function contractHash(files = readContractSql()): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.name).update('\0').update(file.sql).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * Stored as the comment of the `unstuck_internal` schema by `ensureSchema`, so a later start can
 * tell a database set up from older SQL (a demo folder kept across an upgrade) from a current one.
 */
const STAMP_PREFIX = 'unstuck contract ';

async function applyContractSql(sql: Sql): Promise<void> {
  const files = readContractSql();
  for (const file of files) {
    try {
      await sql.exec(file.sql);
    } catch (error) {
      throw new Error(`Applying ${file.name} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  await sql.exec(`comment on schema unstuck_internal is '${STAMP_PREFIX}${contractHash(files)}'`);
}

/**
 * Applies the shim and the migrations once, to a database without a `tasks` table (a fresh PGlite
 * folder, an empty PostgreSQL database); an existing schema is left as it is. Never point this at a
 * Supabase project: there the migrations run without the shim (see README.md).
 *
 * An existing schema that this function set up from different SQL is `outdated`, and says so on the
 * console with what to do: the migrations are edited in place before a release, so a kept database
 * would otherwise run old functions without a word. A PostgreSQL schema set up some other way (no
 * stamp) is taken as `present`; a PGlite folder without one predates the stamp, so it is outdated.
 */
export async function ensureSchema(db: Database): Promise<'applied' | 'present' | 'outdated'> {
  const [row] = await db.asOwner((sql) =>
    sql.query<{ present: boolean; stamp: string | null }>(
      `select to_regclass('public.tasks') is not null as present,
              obj_description(to_regnamespace('unstuck_internal'), 'pg_namespace') as stamp`,
    ),
  );
  if (row?.present) {
    const current = `${STAMP_PREFIX}${contractHash()}`;
    if (row.stamp === current) return 'present';
    // No stamp: a PostgreSQL schema set up some other way is taken as it is; the demo's embedded
    // folders are only ever set up here, so one without a stamp predates it (and its SQL).
    if (!row.stamp?.startsWith(STAMP_PREFIX) && db.kind !== 'pglite') return 'present';
    console.warn(
      `[unstuck] This ${db.kind} database was set up from an older version of the SQL in examples/supabase, ` +
        'so some of its functions are out of date. For the demo\'s embedded database run `pnpm demo:reset` ' +
        '(it deletes the demo\'s tasks); for your own PostgreSQL, apply the changed migrations.',
    );
    return 'outdated';
  }
  await db.asOwner(applyContractSql);
  return 'applied';
}
