// The database's side of the story at the end of a run: every row, every audit event and the
// thresholds, with timestamps as exact microseconds so they compare exactly with the ledger's.
import pg from 'pg';
import type { Micros } from './db';

export interface FinalTask {
  id: string;
  userId: string;
  type: string;
  status: string;
  attempt: number;
  result: unknown;
  errorCode: string | null;
  retryOf: string | null;
  createdUs: Micros;
  startedUs: Micros | null;
  heartbeatUs: Micros | null;
  finishedUs: Micros | null;
  cancelRequestedUs: Micros | null;
}

export interface FinalEvent {
  taskId: string;
  actor: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  atUs: Micros;
}

export interface TypeLimits {
  pendingTimeoutUs: Micros;
  heartbeatTimeoutUs: Micros;
  maxRuntimeUs: Micros;
  cancelGraceUs: Micros;
}

export interface FinalState {
  tasks: Map<string, FinalTask>;
  /** Per task, in insertion (id) order. */
  events: Map<string, FinalEvent[]>;
  limits: Map<string, TypeLimits>;
}

const us = (column: string) => `(extract(epoch from ${column}) * 1000000)::int8`;
const num = (value: string | null): Micros | null => (value === null ? null : Number(value));

export async function readFinalState(client: pg.Client): Promise<FinalState> {
  const tasks = await client.query(
    `select id, user_id, type, status, attempt, result, error_code, retry_of,
            ${us('created_at')} as created_us, ${us('started_at')} as started_us,
            ${us('heartbeat_at')} as heartbeat_us, ${us('finished_at')} as finished_us,
            ${us('cancel_requested_at')} as cancel_us
     from public.tasks`,
  );
  const events = await client.query(
    `select task_id, actor, kind, from_status, to_status, reason, ${us('at')} as at_us
     from public.task_events order by task_id, id`,
  );
  const limits = await client.query(
    `select type, ${us("'epoch'::timestamptz + pending_timeout")} as pending,
            ${us("'epoch'::timestamptz + heartbeat_timeout")} as heartbeat,
            ${us("'epoch'::timestamptz + max_runtime")} as runtime,
            ${us("'epoch'::timestamptz + cancel_grace")} as grace
     from public.task_types`,
  );
  const state: FinalState = { tasks: new Map(), events: new Map(), limits: new Map() };
  for (const r of tasks.rows) {
    state.tasks.set(r.id, {
      id: r.id,
      userId: r.user_id,
      type: r.type,
      status: r.status,
      attempt: r.attempt,
      result: r.result,
      errorCode: r.error_code,
      retryOf: r.retry_of,
      createdUs: Number(r.created_us),
      startedUs: num(r.started_us),
      heartbeatUs: num(r.heartbeat_us),
      finishedUs: num(r.finished_us),
      cancelRequestedUs: num(r.cancel_us),
    });
  }
  for (const r of events.rows) {
    const list = state.events.get(r.task_id) ?? [];
    list.push({
      taskId: r.task_id,
      actor: r.actor,
      kind: r.kind,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      reason: r.reason,
      atUs: Number(r.at_us),
    });
    state.events.set(r.task_id, list);
  }
  for (const r of limits.rows) {
    state.limits.set(r.type, {
      pendingTimeoutUs: Number(r.pending),
      heartbeatTimeoutUs: Number(r.heartbeat),
      maxRuntimeUs: Number(r.runtime),
      cancelGraceUs: Number(r.grace),
    });
  }
  return state;
}
