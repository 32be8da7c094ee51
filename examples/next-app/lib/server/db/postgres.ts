import pg from 'pg';
import { becomeService, becomeUser, type Database, type Sql } from './database';

function wrap(client: pg.PoolClient): Sql {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(text, params as unknown[]);
      return result.rows as Row[];
    },
    async exec(text: string) {
      await client.query(text); // no parameters: the simple protocol runs every statement
    },
  };
}

/**
 * A real PostgreSQL (`DATABASE_URL`) through a node-postgres pool. LISTEN holds one dedicated
 * client; it reconnects after an error so the change feed survives a database restart.
 */
export async function openPostgresDatabase(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 8 });
  pool.on('error', (error) => console.error('[unstuck] idle PostgreSQL client failed:', error.message));

  async function inTransaction<T>(enter: (sql: Sql) => Promise<void>, fn: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const sql = wrap(client);
      await enter(sql);
      const result = await fn(sql);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    kind: 'postgres',
    asUser: (userId, fn) => inTransaction((sql) => becomeUser(sql, userId), fn),
    asService: (fn) => inTransaction(becomeService, fn),
    asOwner: (fn) => inTransaction(async () => undefined, fn),
    async listen(channel, onPayload, onLive) {
      let client: pg.PoolClient | null = null;
      let stopped = false;
      const connect = async () => {
        if (stopped) return;
        try {
          const listening = await pool.connect();
          client = listening;
          listening.on('notification', (message) => {
            if (message.channel === channel) onPayload(message.payload ?? '');
          });
          listening.on('error', () => {
            // A lost connection can report more than one error: act on the first only, and never
            // on a client that was already replaced.
            if (client !== listening) return;
            client = null;
            listening.release(true);
            onLive?.(false);
            setTimeout(connect, 1000);
          });
          await listening.query(`listen ${pg.escapeIdentifier(channel)}`);
          onLive?.(true);
        } catch (error) {
          console.error('[unstuck] LISTEN failed, retrying in 1 s:', (error as Error).message);
          setTimeout(connect, 1000);
        }
      };
      await connect();
      return async () => {
        stopped = true;
        const held = client;
        client = null;
        if (held) {
          await held.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
          held.release();
        }
      };
    },
    close: () => pool.end(),
  };
}
