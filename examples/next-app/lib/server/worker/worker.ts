import { scenarioRun } from '../../scenarios';
import type { Database } from '../db/database';
import { SCRIPTS, type Script } from './scripts';

/** How often the worker looks for pending tasks when no notification woke it. */
const POLL_MS = 500;

interface WriteReply {
  accepted: boolean;
  keep_going?: boolean;
  reason: string | null;
}

export interface SimulatedWorker {
  /** Look for pending tasks now (called on every change notification). */
  wake(): void;
  /** Stops polling; running jobs end at their next step. */
  stop(): void;
  /** How many tasks it holds on to now (runs waiting to claim or running): for tests and logs. */
  readonly tracking: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Errors after which a worker call is sent again: each means PostgreSQL rolled the call back with
 * nothing written, so sending it again is safe (the calls are fenced by attempt as well).
 * 55P03 lock_not_available: a transaction held the task's row (or a table) past the worker RPCs'
 * lock_timeout (2 s, migration 0016), which expects the worker to retry; 40P01 deadlock_detected
 * and 40001 serialization_failure are PostgreSQL's own "run the transaction again". Anything else
 * (a bad argument, a lost connection whose commit may have happened) is not retried.
 */
const RETRYABLE = new Set(['55P03', '40P01', '40001']);
/**
 * Three tries 250 ms apart: behind a held lock that is at most about 7 s from the last accepted
 * beat (1 s step + 3 × 2 s + 2 × 250 ms = 7.5 s), inside the demo's 8 s heartbeat_timeout; a lock held longer
 * than that is a stuck holder, and the reaper's verdict is the honest outcome.
 */
const ATTEMPTS = 3;
const RETRY_PAUSE_MS = 250;

/**
 * Scenarios whose tasks nobody ever claims ("crashes before pick-up"). The scan leaves them out in
 * SQL: they stay pending until the reaper ends them, and counted in its `limit` they hid every newer
 * task. A retry always runs the default script (scenarioRun), so only originals are left out.
 */
const NEVER_CLAIMED = Object.entries(SCRIPTS)
  .filter(([, script]) => script === null)
  .map(([scenario]) => scenario);

/**
 * An in-process stand-in for a serverless worker. It speaks only the contract's fenced worker
 * calls as `service_role` (claim_task, heartbeat_task, complete_task, fail_task,
 * ack_task_cancel), so every failure it simulates is one the database must survive on its own.
 */
export function startSimulatedWorker(db: Database, types: readonly string[], log = console): SimulatedWorker {
  /** Tasks with a run in hand (waiting to claim, or running); each is forgotten when its run ends. */
  const running = new Set<string>();
  let stopped = false;
  let scanning = false;

  /** `select <expr> as value` as service_role, sent again after an error that wrote nothing. */
  async function value<T>(expr: string, args: unknown[]): Promise<T | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await db.asService(async (sql) => (await sql.query<{ value: T }>(`select ${expr} as value`, args))[0]?.value);
      } catch (error) {
        const sqlstate = (error as { code?: unknown } | null)?.code;
        if (stopped || attempt >= ATTEMPTS || !RETRYABLE.has(sqlstate as string)) throw error;
        await sleep(RETRY_PAUSE_MS);
      }
    }
  }

  const call = async (fn: string, args: unknown[]): Promise<WriteReply> =>
    (await value<WriteReply>(`${fn}(${args.map((_, i) => `$${i + 1}`).join(', ')})`, args)) ?? { accepted: false, reason: 'no_reply' };

  async function run(taskId: string, script: Script): Promise<void> {
    await sleep(script.pickUpAfterMs);
    if (stopped) return;
    const attempt = (await value<{ attempt: number } | null>('claim_task($1::uuid)', [taskId]))?.attempt;
    if (attempt === undefined) return; // cancelled or reaped before we got to it
    for (const step of script.steps) {
      await sleep(step.afterMs);
      if (stopped) return;
      const beat = await call('heartbeat_task', [taskId, attempt, step.progress, step.message]);
      if (!beat.accepted) return; // fenced out: reaped, cancelled or superseded; a zombie stops here
      if (beat.keep_going === false && beat.reason === 'cancel_requested' && script.honoursCancel) {
        await call('ack_task_cancel', [taskId, attempt]);
        return;
      }
    }
    if (script.end.kind === 'complete') await call('complete_task', [taskId, attempt, JSON.stringify(script.end.result)]);
    if (script.end.kind === 'fail') await call('fail_task', [taskId, attempt, script.end.code, script.end.message]);
    // 'vanish': the simulated process died; only the reaper will ever touch this row again.
  }

  async function scan(): Promise<void> {
    if (scanning || stopped) return;
    scanning = true;
    try {
      // The tasks in hand are left out too, so that the limit only counts tasks to start.
      const rows = await db.asService((sql) =>
        sql.query<{ id: string; scenario: string | null; retry: boolean }>(
          `select id::text, payload->>'scenario' as scenario, retry_of is not null as retry from tasks
           where status = 'pending' and type = any($1::text[]) and id <> all($2::uuid[])
             and (retry_of is not null or coalesce(payload->>'scenario', '') <> all($3::text[]))
           order by created_at limit 20`,
          [types, [...running], NEVER_CLAIMED],
        ),
      );
      for (const { id, scenario, retry } of rows) {
        // The failure was transient: a retry (same payload, new row) runs the succeeding script.
        const script = SCRIPTS[scenarioRun({ scenario }, retry)];
        if (!script) continue; // "crashes before pick-up": nobody ever claims it
        running.add(id);
        // Forgotten once the run is over, whatever its end: the task has left pending by then
        // (claimed, cancelled, reaped), or the run failed and a later scan may start it again.
        run(id, script)
          .catch((error: unknown) => log.error('[unstuck] simulated job failed:', error))
          .finally(() => running.delete(id));
      }
    } catch (error) {
      log.error('[unstuck] worker scan failed:', (error as Error).message);
    } finally {
      scanning = false;
    }
  }

  const timer = setInterval(() => void scan(), POLL_MS);
  timer.unref?.();
  void scan();
  return {
    wake: () => void scan(),
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    get tracking() {
      return running.size;
    },
  };
}
