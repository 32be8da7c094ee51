// The run's connections and the contract's RPCs as the soak calls them. Worker calls go through a
// pool whose sessions act as `service_role` (a worker with the service key); each call is one
// autocommit statement that also returns the statement's transaction time — the same `now()` the
// database stamps on the row — so that the ledger and the rows share one clock, in microseconds.
import pg from 'pg';
import { withUser } from '@unstuck/supabase-example';

/** Microseconds since the epoch on the database clock (exact: fits a double below 2^53). */
export type Micros = number;

const AT = '(extract(epoch from now()) * 1000000)::int8 as at_us';

export interface WriteAnswer {
  accepted: boolean;
  keepGoing: boolean;
  reason: string | null;
  atUs: Micros;
}

export interface ClaimAnswer {
  /** The fencing token, or null when someone else holds the task (or it is no longer pending). */
  attempt: number | null;
  atUs: Micros;
}

export interface SubmitAnswer {
  taskId: string;
  /** The answered task's retry_of: tells a retry answered with the task's earlier retry. */
  retryOf: string | null;
  created: boolean;
  reapedTaskId: string | null;
}

/** A pool acting as service_role for every session it opens. */
export function createServicePool(url: string, max: number): pg.Pool {
  // The role as a startup parameter: every session is service_role from its first statement.
  const pool = new pg.Pool({ connectionString: url, max, options: '-c role=service_role' });
  pool.on('error', () => undefined); // an idle client dropped at shutdown is no news
  return pool;
}

interface RawWrite {
  answer: { accepted: boolean; keep_going?: boolean; reason: string | null };
  at_us: string;
}

async function write(pool: pg.Pool, sql: string, params: unknown[]): Promise<WriteAnswer> {
  const { rows } = await pool.query<RawWrite>(`select ${sql} as answer, ${AT}`, params);
  const row = rows[0]!;
  return {
    accepted: row.answer.accepted,
    keepGoing: row.answer.keep_going ?? false,
    reason: row.answer.reason,
    atUs: Number(row.at_us),
  };
}

/** The worker RPCs, fenced by attempt, as `service_role`. */
export class WorkerRpc {
  constructor(private readonly pool: pg.Pool) {}

  async claim(taskId: string): Promise<ClaimAnswer> {
    const { rows } = await this.pool.query<{ task: { attempt: number } | null; at_us: string }>(
      `select public.claim_task($1) as task, ${AT}`,
      [taskId],
    );
    const row = rows[0]!;
    return { attempt: row.task ? row.task.attempt : null, atUs: Number(row.at_us) };
  }

  heartbeat(taskId: string, attempt: number, progress: number): Promise<WriteAnswer> {
    return write(this.pool, 'public.heartbeat_task($1, $2, $3)', [taskId, attempt, progress]);
  }

  complete(taskId: string, attempt: number, result: unknown): Promise<WriteAnswer> {
    return write(this.pool, 'public.complete_task($1, $2, $3)', [taskId, attempt, JSON.stringify(result)]);
  }

  fail(taskId: string, attempt: number, message: string): Promise<WriteAnswer> {
    return write(this.pool, "public.fail_task($1, $2, 'worker_error', $3)", [taskId, attempt, message]);
  }

  ackCancel(taskId: string, attempt: number): Promise<WriteAnswer> {
    return write(this.pool, 'public.ack_task_cancel($1, $2)', [taskId, attempt]);
  }

  /** The row's status, read as service_role (a worker checking whether its task is still alive). */
  async status(taskId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ status: string }>('select status from public.tasks where id = $1', [taskId]);
    return rows[0]?.status ?? null;
  }
}

/** The client RPCs, as each signed-in user (PostgREST style: role and claims local to a transaction). */
export class UserRpc {
  constructor(private readonly pool: pg.Pool) {}

  private asUser<T>(userId: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.pool.connect().then(async (client) => {
      try {
        return await withUser(client, userId, fn);
      } finally {
        client.release();
      }
    });
  }

  submit(userId: string, type: string, payload: unknown): Promise<SubmitAnswer> {
    return this.asUser(userId, async (c) => {
      const { rows } = await c.query<{ r: { task: { id: string; retry_of: string | null }; created: boolean; reaped_task_id: string | null } }>(
        'select public.submit_task($1, $2) as r',
        [type, JSON.stringify(payload)],
      );
      const r = rows[0]!.r;
      return { taskId: r.task.id, retryOf: r.task.retry_of, created: r.created, reapedTaskId: r.reaped_task_id };
    });
  }

  retry(userId: string, taskId: string): Promise<SubmitAnswer> {
    return this.asUser(userId, async (c) => {
      const { rows } = await c.query<{ r: { task: { id: string; retry_of: string | null }; created: boolean; reaped_task_id: string | null } }>(
        'select public.retry_task($1) as r',
        [taskId],
      );
      const r = rows[0]!.r;
      return { taskId: r.task.id, retryOf: r.task.retry_of, created: r.created, reapedTaskId: r.reaped_task_id };
    });
  }

  /** Returns the status the row has after the request. */
  cancel(userId: string, taskId: string): Promise<string> {
    return this.asUser(userId, async (c) => {
      const { rows } = await c.query<{ r: { status: string } }>('select public.request_task_cancel($1) as r', [taskId]);
      return rows[0]!.r.status;
    });
  }
}

/** The SQLSTATE of a pg error, if it is one. */
export function sqlState(error: unknown): string | null {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : null;
}
