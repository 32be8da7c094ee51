import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { becomeService, becomeUser, type Database, type Sql } from './database';
import { readTemplate } from './pglite-template';

type PGliteLike = Pick<PGlite, 'query' | 'exec'>;

function wrap(db: PGliteLike): Sql {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(text, params as unknown[]);
      return result.rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
  };
}

export interface PGliteDatabase extends Database {
  /** The whole data folder as a gzipped tarball (what `loadDataDir` takes back). */
  dump(): Promise<Blob>;
}

/**
 * Embedded PostgreSQL (WebAssembly) stored in `dataDir` (`memory://` for a throwaway one). PGlite
 * has a single connection, so transactions queue behind each other; plenty for a demo. A new
 * folder is unpacked from the migrated template when there is one (lib/server/db/pglite-template.ts)
 * instead of running initdb; `useTemplate: false` forces initdb (the template script itself).
 */
export async function openPGliteDatabase(dataDir: string, { useTemplate = true } = {}): Promise<PGliteDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  const fresh = inMemory || !existsSync(join(/* turbopackIgnore: true */ dataDir, 'PG_VERSION'));
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const template = fresh && useTemplate ? readTemplate() : null;
  const pg = await PGlite.create(dataDir, template ? { loadDataDir: template } : {});
  const inTransaction = <T>(enter: (sql: Sql) => Promise<void>, fn: (sql: Sql) => Promise<T>) =>
    pg.transaction(async (tx) => {
      const sql = wrap(tx);
      await enter(sql);
      return fn(sql);
    });

  return {
    kind: 'pglite',
    asUser: (userId, fn) => inTransaction((sql) => becomeUser(sql, userId), fn),
    asService: (fn) => inTransaction(becomeService, fn),
    asOwner: (fn) => inTransaction(async () => undefined, fn),
    async listen(channel, onPayload, onLive) {
      const stop = await pg.listen(channel, onPayload);
      onLive?.(true); // in-process: there is no connection to lose
      return async () => {
        if (!pg.closed) await stop();
      };
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
    dump: () => pg.dumpDataDir('gzip') as Promise<Blob>,
  };
}
