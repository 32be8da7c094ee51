import pg from 'pg';
import { becomeService, becomeUser, type Database, type Sql } from './database';

/*
 * Bounds, so that a database that does not answer fails a request instead of hanging it (and the
 * user's button with it) for ever. Without them, a server that accepts and never replies, or a
 * connection gone half-open, held the request until the browser gave up.
 * - 5 s to connect (also the longest wait for a free client of the pool): a healthy server, even
 *   across a region with TLS, connects in well under a second.
 * - 8 s statement_timeout, enforced by the server: it cancels a runaway statement (57014) and frees
 *   its locks. Above the client RPCs' 5 s lock_timeout (migration 0014), so a lock wait reports
 *   55P03 first; the same figure as Supabase's default for the authenticated role. The demo's
 *   longest statements (the migrations at the first start) take well under a second. Set in each
 *   transaction (SET LOCAL, in the same message as BEGIN: no extra round trip), not as a startup
 *   parameter: PgBouncer refuses a connection whose startup message names a parameter it does not
 *   track, and its `ignore_startup_parameters` escape would drop the bound without a word. A
 *   transaction-scoped SET is what a pooler in transaction mode expects.
 * - 10 s query_timeout, enforced here: the backstop for a server that stopped answering at all,
 *   where no statement_timeout can fire. Above statement_timeout, so a live server's own cancel,
 *   with its clear SQLSTATE, arrives first.
 * - TCP keepalive after 10 s of silence. The LISTEN connection is idle between notifications and
 *   runs no query that a timeout could bound: dropped without a word (a NAT or load balancer
 *   forgetting an idle connection, a failover), it never reported an error, and the SSE streams
 *   silently stopped getting changes while the browsers fell back to slow safety polls. The probes
 *   keep NAT mappings alive (their idle limits are minutes), and a peer that stops answering them
 *   becomes a socket error within seconds (Node 20's libuv probes every second, 10 times), which the
 *   LISTEN loop below answers by reconnecting. The pool's other connections get it too (they come
 *   from the same pool, and one waiting on a long statement is as silent), at one small packet per
 *   idle connection every 10 s.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const STATEMENT_TIMEOUT_MS = 8_000;
const QUERY_TIMEOUT_MS = 10_000;
const KEEPALIVE_IDLE_MS = 10_000;

/**
 * The transaction's statements on `client`. `state.broken` is set when a query failed without an
 * answer from the server (no DatabaseError: the query_timeout fired, the connection was lost): the
 * connection is then in an unknown state, a rollback would wait behind the unanswered query, and it
 * must not go back to the pool.
 */
function wrap(client: pg.PoolClient, state: { broken: boolean }): Sql {
  const run = async (text: string, params?: unknown[]) => {
    try {
      return await client.query(text, params);
    } catch (error) {
      if (!(error instanceof pg.DatabaseError)) state.broken = true;
      throw error;
    }
  };
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      return (await run(text, params as unknown[])).rows as Row[];
    },
    async exec(text: string) {
      await run(text); // no parameters: the simple protocol runs every statement
    },
  };
}

/**
 * A real PostgreSQL (`DATABASE_URL`) through a node-postgres pool. LISTEN holds one dedicated
 * client; it reconnects after an error so the change feed survives a database restart.
 */
export async function openPostgresDatabase(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: 8,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
  });
  pool.on('error', (error) => console.error('[unstuck] idle PostgreSQL client failed:', error.message));

  async function inTransaction<T>(enter: (sql: Sql) => Promise<void>, fn: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    const state = { broken: false };
    // While a client is checked out the pool stops listening for its errors, and node-postgres
    // emits 'error' on it when the server ends the connection (a restart, a failover): with no
    // listener that ended the process. The query in flight fails too; this marks the connection.
    const lost = () => (state.broken = true);
    client.on('error', lost);
    try {
      const sql = wrap(client, state);
      await sql.exec(`begin; set local statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
      await enter(sql);
      const result = await fn(sql);
      await sql.exec('commit');
      return result;
    } catch (error) {
      // A broken connection is closed instead (release(true)), which ends its transaction too.
      if (!state.broken) await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', lost);
      client.release(state.broken);
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
        // awaited on a half-open connection would hold every shutdown behind it for the query timeout.
        held?.release(true);
      };
    },
    close: () => pool.end(),
  };
}
