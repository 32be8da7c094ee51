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
      // Every client this takes from the pool goes back, destroyed (it carries our listeners and
      // perhaps a LISTEN): one kept per failed attempt ran the pool of 8 dry within seconds, and
      // pool.end() waits for every client, so a kept one also hung the server's shutdown.
      const drop = (listening: pg.PoolClient) => {
        if (client === listening) client = null;
        listening.release(true);
      };
      const connect = async () => {
        if (stopped) return;
        let listening: pg.PoolClient | null = null;
        try {
          listening = await pool.connect();
          // stop() came while we waited for the pool: it had no client to give back, so we do.
          if (stopped) return drop(listening);
          const current = listening;
          client = current;
          current.on('notification', (message) => {
            if (message.channel === channel) onPayload(message.payload ?? '');
          });
          current.on('error', () => {
            // A lost connection can report more than one error: act on the first only, and never
            // on a client that was already replaced or given back.
            if (client !== current) return;
            drop(current);
            onLive?.(false);
            setTimeout(connect, 1000);
          });
          await current.query(`listen ${pg.escapeIdentifier(channel)}`);
          if (client !== current) return; // stopped or lost meanwhile: whoever did that gave it back
          onLive?.(true);
        } catch (error) {
          // The client's error handler may have dropped it already, and scheduled the retry:
          // a second one here would run a second loop and a second LISTEN connection.
          if (listening && client !== listening) return;
          if (listening) drop(listening);
          if (stopped) return;
          console.error('[unstuck] LISTEN failed, retrying in 1 s:', (error as Error).message);
          setTimeout(connect, 1000);
        }
      };
      await connect();
      return async () => {
        stopped = true;
        const held = client;
        client = null;
        // Destroyed, not UNLISTENed first: closing the connection ends its LISTEN, and an UNLISTEN
        // awaited on a half-open connection (no query timeout) would hang every shutdown behind it.
        held?.release(true);
      };
    },
    close: () => pool.end(),
  };
}
