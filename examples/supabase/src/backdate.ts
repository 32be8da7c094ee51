// Test-only time travel: move a task's timestamps into the past so the reaper's rules can be
// exercised without waiting 20 minutes. The guard trigger refuses such writes (timestamps come
// from the database clock), so this skips triggers with `session_replication_role = replica`,
// which only a superuser may set: no API role can do it.
import type { Queryable } from './roles';

/** The timestamp columns `backdateTask` may shift. */
export type TaskTimestamp =
  | 'created_at'
  | 'updated_at'
  | 'started_at'
  | 'heartbeat_at'
  | 'cancel_requested_at';

const COLUMNS: readonly TaskTimestamp[] = [
  'created_at',
  'updated_at',
  'started_at',
  'heartbeat_at',
  'cancel_requested_at',
];

/**
 * Shifts timestamps of task `taskId` back by a PostgreSQL interval: every timestamp column when
 * `by` is one interval, or only the named columns. Needs a superuser connection that is not in
 * a transaction. Rejects when the task does not exist.
 * @example
 * await backdateTask(admin, id, '31 minutes');                       // the whole row ages
 * await backdateTask(admin, id, { heartbeat_at: '21 minutes' });     // only the last beat
 */
export async function backdateTask(
  client: Queryable,
  taskId: string,
  by: string | Partial<Record<TaskTimestamp, string>>,
): Promise<void> {
  const shifts: Partial<Record<TaskTimestamp, string>> =
    typeof by === 'string' ? Object.fromEntries(COLUMNS.map((c) => [c, by])) : by;
  const columns = COLUMNS.filter((column) => shifts[column] !== undefined);
  if (columns.length === 0) throw new Error('backdateTask: nothing to shift');
  const assignments = columns.map((column, i) => `${column} = ${column} - $${i + 2}::interval`);
  await client.query('begin');
  try {
    await client.query('set local session_replication_role = replica');
    const result = (await client.query(
      `update public.tasks set ${assignments.join(', ')} where id = $1 returning id`,
      [taskId, ...columns.map((column) => shifts[column])],
    )) as { rows: unknown[] };
    if (result.rows.length !== 1) throw new Error(`backdateTask: no task ${taskId}`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
