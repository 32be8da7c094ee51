// Where Realtime reads the WAL, the stand-in LISTENs to the NOTIFY the example's trigger sends
// (`unstuck_task_changes`, JSON {id, user_id, type, status, updated_at}) and re-reads the row as each
// subscriber, so only users allowed by RLS receive it — the check Realtime makes per subscriber.
import pg from 'pg';
import type { Pool } from 'pg';
import { withClaims } from './db';
import type { JwtClaims } from './jwt';
import type { RowChange, VisibleRow } from './realtime';

export interface ChangeFeedOptions {
  connectionString: string;
  pool: Pool;
  channel: string;
  table: string;
  onChange(change: Omit<RowChange, 'record'>, id: string, visibleRow: VisibleRow): void;
  /** The LISTEN connection failed (server restart, terminated backend, dropped database): no change will come. */
  onLost(error: Error): void;
}

export class ChangeFeed {
  private readonly listener: pg.Client;
  private columns: Array<{ name: string; type: string }> = [];
  private stopping = false;

  constructor(private readonly options: ChangeFeedOptions) {
    this.listener = new pg.Client({ connectionString: options.connectionString });
  }

  async start(): Promise<void> {
    const { pool, table, channel } = this.options;
    const columns = await pool.query<{ name: string; type: string }>(
      `select a.attname as name, t.typname as type
         from pg_attribute a join pg_type t on t.oid = a.atttypid
        where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped
        order by a.attnum`,
      [`public.${table}`],
    );
    this.columns = columns.rows;
    // Without a listener the client's 'error' event would be thrown, ending the process; a lost
    // feed is reported once, as Realtime reports a failed replication subscription.
    let lost = false;
    this.listener.on('error', (error) => {
      if (lost || this.stopping) return;
      lost = true;
      this.options.onLost(error);
    });
    await this.listener.connect();
    this.listener.on('notification', (message) => this.onNotification(message.payload));
    // The channel name is a constant of the contract; quote it as an identifier all the same.
    await this.listener.query(`listen "${channel.replace(/"/g, '""')}"`);
  }

  private onNotification(payload: string | undefined): void {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(payload ?? '') as typeof parsed;
    } catch {
      return;
    }
    if (typeof parsed.id !== 'string') return;
    const visibleRow: VisibleRow = (claims, id) => this.rowAs(claims, id);
    this.options.onChange(
      {
        schema: 'public',
        table: this.options.table,
        type: 'UPDATE',
        commitTimestamp: typeof parsed.updated_at === 'string' ? parsed.updated_at : new Date().toISOString(),
        columns: this.columns,
        known: parsed,
      },
      parsed.id,
      visibleRow,
    );
  }

  private async rowAs(claims: JwtClaims, id: string): Promise<Record<string, unknown> | null> {
    try {
      const result = await withClaims(this.options.pool, claims, (client) =>
        client.query<{ row: Record<string, unknown> }>(`select to_jsonb(t) as row from public."${this.options.table}" t where id = $1`, [id]),
      );
      return result.rows[0]?.row ?? null;
    } catch {
      // A subscriber whose role may not read the table sees nothing, as under Realtime's RLS check.
      return null;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.listener.end().catch(() => undefined);
  }
}
