// A server-side TaskSource straight over PostgreSQL, for createTaskHttpHandler to serve: each call
// runs as the signed-in user (RLS and the RPCs' ownership checks apply, as through PostgREST), and
// subscribe() hints from the contract's NOTIFY channel on one shared LISTEN connection.
import pg from 'pg';
import { NOTIFY_CHANNEL, withUser, type TaskChangeNotice } from '@unstuck/supabase-example';
import {
  assertTaskId, parseTaskEvent, parseTaskRow, SQLSTATE_TO_KIND, TaskError,
  type SubmitResult, type SubscribeHandlers, type TaskRow, type TaskSource, type TaskThresholds,
} from '@unstuck/task-hooks/core';

function toTaskError(error: unknown): TaskError {
  if (error instanceof TaskError) return error;
  const sqlstate = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const kind = SQLSTATE_TO_KIND[sqlstate];
  const message = error instanceof Error ? error.message : String(error);
  return new TaskError(kind ?? 'server', message, { sqlstate, cause: error });
}

function assertType(type: unknown): asserts type is string {
  if (typeof type !== 'string' || type === '') throw new TaskError('unknown_type', `Task type must be a non-empty string, got ${JSON.stringify(type)}`);
}

function submitResult(raw: { task: unknown; created: boolean; reaped_task_id: string | null }): SubmitResult {
  return { task: parseTaskRow(raw.task), created: raw.created, reapedTaskId: raw.reaped_task_id };
}

export interface PgSources {
  /** The source acting as `userId` (the same object for the same user). */
  sourceFor(userId: string): TaskSource;
  close(): Promise<void>;
}

export function createPgSources(url: string): PgSources {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  const subscribers = new Map<string, Set<SubscribeHandlers>>();
  let listener: Promise<pg.Client> | null = null;
  const sources = new Map<string, TaskSource>();

  const listen = (): Promise<pg.Client> => {
    listener ??= (async () => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      client.on('notification', (message) => {
        const notice = JSON.parse(message.payload ?? '{}') as TaskChangeNotice;
        for (const handlers of subscribers.get(notice.user_id) ?? []) handlers.onHint([notice.id]);
      });
      await client.connect();
      await client.query(`listen ${NOTIFY_CHANNEL}`);
      return client;
    })();
    return listener;
  };

  const makeSource = (userId: string): TaskSource => {
    const asUser = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
      const client = await pool.connect().catch((error: unknown) => {
        throw new TaskError('network', 'database unreachable', { cause: error });
      });
      try {
        return await withUser(client, userId, fn);
      } catch (error) {
        throw toTaskError(error);
      } finally {
        client.release();
      }
    };
    const one = async <T>(sql: string, params: unknown[]): Promise<T> =>
      asUser(async (c) => (await c.query<{ r: T }>(sql, params)).rows[0]!.r);
    const rows = async (sql: string, params: unknown[]): Promise<unknown[]> =>
      asUser(async (c) => (await c.query<{ r: unknown }>(sql, params)).rows.map((x) => x.r));

    return {
      kind: 'postgres',
      async fetchTasks(ids) {
        ids.forEach((id) => assertTaskId(id));
        if (ids.length === 0) return [];
        return (await rows('select to_jsonb(t) as r from public.tasks t where t.id = any($1::uuid[])', [ids])).map((r) => parseTaskRow(r));
      },
      async fetchActiveTask(type) {
        assertType(type);
        const found = await rows(
          "select to_jsonb(t) as r from public.tasks t where t.type = $1 and t.status in ('pending', 'processing') order by t.created_at desc limit 1",
          [type],
        );
        return found[0] === undefined ? null : parseTaskRow(found[0]);
      },
      async listTasks(options = {}) {
        const found = await rows(
          'select to_jsonb(t) as r from public.tasks t where ($1::text is null or t.type = $1) order by t.created_at desc limit $2',
          [options.type ?? null, options.limit ?? 50],
        );
        return found.map((r) => parseTaskRow(r));
      },
      async fetchEvents(id) {
        assertTaskId(id);
        return asUser(async (c) => {
          const visible = await c.query('select 1 from public.tasks where id = $1', [id]);
          if (visible.rowCount === 0) throw new TaskError('not_found', `not_found: task ${id} does not exist or is not yours`);
          const { rows: events } = await c.query<{ r: unknown }>('select to_jsonb(e) as r from public.task_events e where e.task_id = $1 order by e.id', [id]);
          return events.map((e) => parseTaskEvent(e.r));
        });
      },
      async fetchThresholds() {
        const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;
        const found = await asUser(async (c) => (await c.query<{ type: string } & Record<string, number>>(
          `select type, ${ms('pending_warn_after')} as a, ${ms('pending_timeout')} as b, ${ms('heartbeat_warn_after')} as c,
                  ${ms('heartbeat_timeout')} as d, ${ms('max_runtime')} as e, ${ms('cancel_grace')} as f from public.task_types`,
        )).rows);
        const out: Record<string, TaskThresholds> = {};
        for (const r of found) {
          out[r.type] = {
            pendingWarnAfterMs: r.a!, pendingTimeoutMs: r.b!, heartbeatWarnAfterMs: r.c!,
            heartbeatTimeoutMs: r.d!, maxRuntimeMs: r.e!, cancelGraceMs: r.f!,
          };
        }
        return out;
      },
      async serverTime() {
        return Number(await one<string>('select (extract(epoch from public.server_time()) * 1000)::int8 as r', []));
      },
      async submit(type, payload) {
        assertType(type);
        return submitResult(await one('select public.submit_task($1, $2) as r', [type, JSON.stringify(payload ?? {})]));
      },
      async cancel(id) {
        assertTaskId(id);
        return parseTaskRow(await one('select public.request_task_cancel($1) as r', [id])) as TaskRow;
      },
      async retry(id) {
        assertTaskId(id);
        return submitResult(await one('select public.retry_task($1) as r', [id]));
      },
      subscribe(handlers) {
        const set = subscribers.get(userId) ?? new Set();
        set.add(handlers);
        subscribers.set(userId, set);
        handlers.onConnection('connecting');
        listen().then(
          () => set.has(handlers) && handlers.onConnection('realtime'),
          (error: unknown) => set.has(handlers) && handlers.onConnection('polling', error instanceof Error ? error : new Error(String(error))),
        );
        return () => void set.delete(handlers);
      },
    };
  };

  return {
    sourceFor(userId) {
      let source = sources.get(userId);
      if (!source) sources.set(userId, (source = makeSource(userId)));
      return source;
    },
    async close() {
      if (listener) await listener.then((c) => c.end()).catch(() => undefined);
      await pool.end();
    },
  };
}
