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
   * The hang timer starts only once `waitUntilBlocked` has seen the call waiting, a poll (5 ms,
   * more under load) after the wait began, so this check proves the call has a lock_timeout and
   * that it is shorter than `boundMs + slackMs` plus that delay: a bound doubled from 2 s to 4 s
   * or 5 s to 10 s fails here (slack 1,499 ms), unless the wait is seen 0.5 s / 3.5 s late. It
   * does not reliably catch the reaper's 1 s doubled to 2 s: the timer (1,999 ms after the wait
   * was seen) and the error (2,000 ms after it began) land within milliseconds of each other, so
   * such a run passes or fails by chance. The exact setting, which catches any change, is checked
   * in lock-timeout-config.test.ts; the callers' `elapsed` (timed from before the call) checks
   * the bound is not shorter.
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
