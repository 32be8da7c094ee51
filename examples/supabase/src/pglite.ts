// The same migrations in an embedded PGlite (PostgreSQL compiled to WebAssembly): for the Next
// example's zero-setup mode and for tests where no PostgreSQL server runs.
import type { PGlite } from '@electric-sql/pglite';
import { applyMigrations, migrationsHash } from './migrations';

export interface PGliteDatabaseOptions {
  /**
   * Where PGlite keeps its files (e.g. `./.data/pglite`); in memory when absent. A data
   * directory that already holds these migrations is opened as is; one migrated from other
   * migration files is refused with an error asking to delete it.
   * @default undefined (in memory)
   */
  dataDir?: string;
}

/**
 * A PGlite database with the shim and every migration applied (or an existing data directory
 * checked against them). pg_cron does not exist in PGlite: call `reap_stuck_tasks()` yourself.
 * @example
 * const db = await createPGliteDatabase();
 * await withUser(db, userId, (c) => c.query("select public.submit_task('report')"));
 */
export async function createPGliteDatabase(options: PGliteDatabaseOptions = {}): Promise<PGlite> {
  // Loaded on demand so that importing this package does not load WebAssembly.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await db.waitReady;
  const hash = migrationsHash({ shim: true });
  const marker = await db.query<{ comment: string | null }>(
    "select obj_description(oid, 'pg_namespace') as comment from pg_namespace where nspname = 'unstuck_internal'",
  );
  const applied = marker.rows[0]?.comment ?? null;
  if (marker.rows.length === 0) {
    await applyMigrations((sql) => db.exec(sql), { shim: true });
    await db.exec(`comment on schema unstuck_internal is 'unstuck migrations ${hash}'`);
  } else if (applied !== `unstuck migrations ${hash}`) {
    await db.close();
    throw new Error(
      `PGlite data directory ${options.dataDir} was migrated by other migration files ` +
        `(${applied ?? 'no marker'}); delete it to start afresh`,
    );
  }
  return db;
}
