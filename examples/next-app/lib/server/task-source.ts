import { TaskError, assertTaskId, isTaskId, type SubscribeHandlers, type TaskSource } from '@unstuck/task-hooks/core';
import type { SubmitResult, TaskEvent, TaskRow, TaskThresholds } from '@unstuck/task-hooks/core';
import { checkListLimit } from '@unstuck/task-hooks/server';
import type { ChangeFeed } from './change-feed';
import type { DbClock } from './db-clock';
import type { Database, Sql } from './db/database';
import { mapErrors } from './db/errors';
import { assertJsonPayload } from './payload';

const MAX_IDS = 100;

interface SubmitJson {
  task: TaskRow;
  created: boolean;
  reaped_task_id: string | null;
}

const toSubmitResult = (json: SubmitJson): SubmitResult => ({
  task: json.task,
  created: json.created,
  reapedTaskId: json.reaped_task_id,
});

/** Rows are read as `to_jsonb`, so timestamps are the same ISO strings the RPCs return. */
const TASK_COLUMNS = 'to_jsonb(t) as row';

async function one<T>(sql: Sql, text: string, params: readonly unknown[]): Promise<T> {
  const [first] = await sql.query<{ value: T }>(text, params);
  if (!first) throw new TaskError('server', 'The database returned no row.');
  return first.value;
}

/**
 * The server-side `TaskSource` of one demo user: every call is one transaction as that user
 * (`Database.asUser`), so a row of somebody else is simply invisible (RLS) and the RPCs answer
 * `not_found` for it. `createTaskHttpHandler` serves this source over HTTP + SSE. With `clock`,
 * `serverTime()` answers from it instead of a query.
 */
export function createDbTaskSource(db: Database, userId: string, feed?: ChangeFeed, clock?: Pick<DbClock, 'now'>): TaskSource {
  const asUser = <T>(fn: (sql: Sql) => Promise<T>, taskId?: string) => mapErrors(() => db.asUser(userId, fn), taskId);

  const source: TaskSource = {
    kind: `db:${db.kind}`,
    async fetchTasks(ids) {
      if (ids.length === 0) return [];
      if (ids.length > MAX_IDS) throw new TaskError('invalid_id', `At most ${MAX_IDS} ids per request.`);
      ids.forEach(assertTaskId);
      const rows = await asUser((sql) =>
        sql.query<{ row: TaskRow }>(`select ${TASK_COLUMNS} from tasks t where t.id = any($1::uuid[])`, [ids]),
      );
      return rows.map((r) => r.row);
    },
    async fetchActiveTask(type) {
      const rows = await asUser((sql) =>
        sql.query<{ row: TaskRow }>(
          `select ${TASK_COLUMNS} from tasks t where t.type = $1 and t.status in ('pending', 'processing')
           order by t.created_at desc limit 1`,
          [type],
        ),
      );
      return rows[0]?.row ?? null;
    },
    async listTasks(options = {}) {
      // Refused, not clamped, by the rule every source of @unstuck/task-hooks follows.
      const limit = checkListLimit(options.limit ?? 50);
      const rows = await asUser((sql) =>
        sql.query<{ row: TaskRow }>(
          `select ${TASK_COLUMNS} from tasks t where ($1::text is null or t.type = $1)
           order by t.created_at desc, t.id limit $2`,
          [options.type ?? null, limit],
        ),
      );
      return rows.map((r) => r.row);
    },
    async fetchEvents(id) {
      assertTaskId(id);
      return asUser(async (sql) => {
        const visible = await sql.query('select 1 from tasks where id = $1', [id]);
        if (visible.length === 0) throw new TaskError('not_found', `not_found: task ${id} does not exist or is not yours`, { taskId: id });
        const rows = await sql.query<{ row: TaskEvent }>(
          'select to_jsonb(e) as row from task_events e where e.task_id = $1 order by e.at, e.id',
          [id],
        );
        return rows.map((r) => r.row);
      }, id);
    },
    async fetchThresholds() {
      const rows = await asUser((sql) =>
        sql.query<{ type: string } & TaskThresholds>(
          `select type,
             extract(epoch from pending_warn_after)::float8 * 1000 as "pendingWarnAfterMs",
             extract(epoch from pending_timeout)::float8 * 1000 as "pendingTimeoutMs",
             extract(epoch from heartbeat_warn_after)::float8 * 1000 as "heartbeatWarnAfterMs",
             extract(epoch from heartbeat_timeout)::float8 * 1000 as "heartbeatTimeoutMs",
             extract(epoch from max_runtime)::float8 * 1000 as "maxRuntimeMs",
             extract(epoch from cancel_grace)::float8 * 1000 as "cancelGraceMs"
           from task_types`,
          [],
        ),
      );
      return Object.fromEntries(rows.map(({ type, ...thresholds }) => [type, thresholds]));
    },
    async serverTime() {
      if (clock) return clock.now(); // the database clock, kept in memory (lib/server/db-clock.ts)
      return asUser((sql) => one<number>(sql, 'select extract(epoch from server_time())::float8 * 1000 as value', []));
    },
    async submit(type, payload) {
      if (typeof type !== 'string' || type.length === 0) throw new TaskError('unknown_type', 'A task type is required.');
      assertJsonPayload(payload ?? {});
      const json = await asUser((sql) =>
        one<SubmitJson>(sql, 'select submit_task($1, $2::jsonb) as value', [type, JSON.stringify(payload ?? {})]),
      );
      return toSubmitResult(json);
    },
    async cancel(id) {
      assertTaskId(id);
      return asUser((sql) => one<TaskRow>(sql, 'select request_task_cancel($1::uuid) as value', [id]), id);
    },
    async retry(id) {
      assertTaskId(id);
      const json = await asUser((sql) => one<SubmitJson>(sql, 'select retry_task($1::uuid) as value', [id]), id);
      return toSubmitResult(json);
    },
  };

  if (feed) {
    source.subscribe = (handlers: SubscribeHandlers) =>
      feed.subscribe(async (changes) => {
        // The feed hears every user's changes. A notification naming this user is theirs: the
        // trigger copies `user_id` from the row itself, so no query is needed (with a dozen
        // streams and a heartbeat a second, one query per stream and batch was most of the
        // embedded database's work). A hint is only a prompt to re-read; the re-read is RLS-checked.
        const mine = changes.filter((c) => isTaskId(c.id) && c.userId === userId).map((c) => c.id);
        // A bare-id notification (no owner) is asked about, as this user, under RLS.
        const unknown = changes.filter((c) => isTaskId(c.id) && c.userId === null).map((c) => c.id);
        const visible = unknown.length === 0 ? [] : await asUser((sql) =>
          sql.query<{ id: string }>('select id::text from tasks where id = any($1::uuid[])', [unknown]),
        ).catch(() => []);
        const ids = [...mine, ...visible.map((r) => r.id)];
        if (ids.length > 0) handlers.onHint(ids);
      }, handlers);
  }
  return source;
}
