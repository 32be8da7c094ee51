// Shared by the lock-timeout suites: run a call on its own connection while another connection
// holds a lock in a transaction that never ends (a hung worker, an idle admin session), and see
// how long the call waits and how it fails.
import type pg from 'pg';
import { failure, waitUntilBlocked, type useTestDatabase } from './support';

type TestDatabase = ReturnType<typeof useTestDatabase>;

export interface BlockedCall {
  /** The SQL that takes the lock inside the stuck transaction, e.g. `select ... for update`. */
  lockSql: string;
  lockParams?: unknown[];
  /** The call under test, on a connection of its own. */
  call: (client: pg.Client) => Promise<unknown>;
  /** The call's lock_timeout; waiting this plus `slackMs` longer counts as hanging. */
  boundMs: number;
  /**
   * Room for a busy machine (2 shared cores in CI) between the bound and the error reaching us.
   * Under each bound, so a bound doubled (1 s → 2 s, 2 s → 4 s, 5 s → 10 s) fails here too; the
   * exact setting is checked in lock-timeout-config.test.ts.
   */
  slackMs?: number;
}

/** How the blocked call failed, and after how many milliseconds. Rejects if it still waits past the bound. */
export async function callBehindStuckLock(
  t: TestDatabase,
  { lockSql, lockParams = [], call, boundMs, slackMs = Math.min(boundMs, 1_500) - 1 }: BlockedCall,
): Promise<{ error: { code: string; message: string }; elapsed: number }> {
  const [holder, caller] = [await t.connect(), await t.connect()];
  const callerPid: number = (await caller.query('select pg_backend_pid() as pid')).rows[0].pid;
  await holder.query('begin');
  await holder.query(lockSql, lockParams);
  try {
    const started = Date.now();
    const outcome = failure(call(caller));
    await waitUntilBlocked(t.admin, callerPid);
    let hung: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      hung = setTimeout(() => reject(new Error(`the call still waits for the lock after ${boundMs + slackMs} ms: no lock_timeout, or one longer than ${boundMs} ms`)), boundMs + slackMs);
    });
    const error = await Promise.race([outcome, timedOut]).finally(() => clearTimeout(hung));
    return { error, elapsed: Date.now() - started };
  } finally {
    await holder.query('rollback'); // lets a still-waiting call finish before the database is dropped
  }
}

/** `callBehindStuckLock` with the lock being task `taskId`'s row, as a stuck writer holds it. */
export function callBehindLockedRow(
  t: TestDatabase,
  taskId: string,
  call: (client: pg.Client) => Promise<unknown>,
  boundMs: number,
) {
  return callBehindStuckLock(t, {
    lockSql: 'select 1 from public.tasks where id = $1 for update',
    lockParams: [taskId],
    call,
    boundMs,
  });
}
