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

async function applyContractSql(sql: Sql): Promise<void> {
  for (const file of readContractSql()) {
    try {
      await sql.exec(file.sql);
    } catch (error) {
      throw new Error(`Applying ${file.name} failed: ${(error as Error).message}`, { cause: error });
    }
  }
}

/**
 * Applies the shim and the migrations once, to a database without a `tasks` table (a fresh PGlite
 * folder, an empty PostgreSQL database); an existing schema is left as it is. Never point this at a
 * Supabase project: there the migrations run without the shim (see README.md).
 */
export async function ensureSchema(db: Database): Promise<'applied' | 'present'> {
  const [row] = await db.asOwner((sql) =>
    sql.query<{ present: boolean }>("select to_regclass('public.tasks') is not null as present"),
  );
  if (row?.present) return 'present';
  await db.asOwner(applyContractSql);
  return 'applied';
}
