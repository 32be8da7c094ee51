import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { becomeService, becomeUser, type Database, type Sql } from './database';

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

/**
 * Embedded PostgreSQL (WebAssembly) stored in `dataDir` (`memory://` for a throwaway one). PGlite
 * has a single connection, so transactions queue behind each other; plenty for a demo.
 */
export async function openPGliteDatabase(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir);
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
    async listen(channel, onPayload) {
      const stop = await pg.listen(channel, onPayload);
      return async () => {
        if (!pg.closed) await stop();
      };
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}
