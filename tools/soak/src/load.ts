// The users' side of the run: submissions at a steady rate (each as its own signed-in user, some
// of them retries of earlier tasks), and cancel requests at random moments.
import { sqlState, type SubmitAnswer, type UserRpc } from './db';
import type { Ledger } from './ledger';
import type { Lifetime } from './lifetime';
import { createPrng } from './prng';
import { planTask, SOAK_THRESHOLDS, type TaskPlan } from './scenario';
import type { WorkerPool } from './worker';

export interface LoadOptions {
  seed: number;
  users: readonly string[];
  ratePerSec: number;
  durationMs: number;
  /** Ends the load early (Ctrl-C): the run still drains, checks and cleans up. */
  signal?: AbortSignal;
}

/** Submissions waiting for an answer at once (the user pool has 6 connections). */
const MAX_SUBMITTING = 24;

export class LoadGenerator {
  private readonly inFlight = new Set<Promise<void>>();
  private submitting = 0;
  private readonly tasksOfUser = new Map<string, string[]>();
  private readonly picks;

  constructor(
    private readonly rpc: UserRpc,
    private readonly workers: WorkerPool,
    private readonly ledger: Ledger,
    private readonly life: Lifetime,
    private readonly options: LoadOptions,
  ) {
    this.picks = createPrng(options.seed, 0x5eed);
  }

  /** Submits for `durationMs` (or until the run stops), then waits for its own requests to end. */
  async run(): Promise<void> {
    const started = Date.now();
    let next = 0;
    // Runaways need max_runtime to be reaped: none start in the last stretch, so the drain is short.
    const lateAfterMs = this.options.durationMs - SOAK_THRESHOLDS.maxRuntimeMs - 1_000;
    while (this.life.running) {
      const elapsed = Date.now() - started;
      if (elapsed >= this.options.durationMs || this.options.signal?.aborted) break;
      const due = Math.floor((elapsed / 1000) * this.options.ratePerSec);
      for (; next < due; next += 1) {
        // Backpressure: when the database cannot keep up, a submission that would only queue is
        // skipped (and counted) rather than piling up and stretching the run without bound.
        if (this.submitting >= MAX_SUBMITTING) {
          this.ledger.count('submitsSkipped');
          continue;
        }
        const plan = planTask(this.options.seed, next, this.options.users.length, elapsed > lateAfterMs);
        this.submitting += 1;
        this.track(this.submit(plan).finally(() => (this.submitting -= 1)));
      }
      await this.life.sleep(20);
    }
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(job: Promise<void>): void {
    const tracked = job.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async submit(plan: TaskPlan): Promise<void> {
    const userId = this.options.users[plan.userIndex]!;
    const earlier = this.tasksOfUser.get(userId) ?? [];
    let answer: SubmitAnswer;
    let retried: string | null = null;
    try {
      if (plan.retryEarlier && earlier.length > 0) {
        this.ledger.count('retries');
        retried = this.picks.pick(earlier);
        answer = await this.rpc.retry(userId, retried);
      } else {
        this.ledger.count('submits');
        answer = await this.rpc.submit(userId, plan.type, { soak: plan.number });
      }
    } catch (error) {
      // A retry of a completed or healthy running task is refused with illegal_state, as documented.
      if (plan.retryEarlier && sqlState(error) === 'UT005') this.ledger.count('retriesRefused');
      else this.ledger.unexpected(plan.retryEarlier ? 'retry_task' : 'submit_task', error);
      return;
    }
    if (answer.reapedTaskId) this.ledger.count('admissionReaps');
    if (!answer.created) {
      // Retry is idempotent per task: a task retried before answers with that retry.
      this.ledger.count(retried !== null && answer.retryOf === retried ? 'retriesReturnedEarlier' : 'submitsReturnedActive');
      return;
    }
    const record = this.ledger.addTask(answer.taskId, userId, plan);
    this.tasksOfUser.set(userId, [...earlier, answer.taskId]);
    this.workers.deliver(record);
    if (plan.cancelAfterMs !== null) this.track(this.cancelLater(userId, answer.taskId, plan.cancelAfterMs));
  }

  private async cancelLater(userId: string, taskId: string, afterMs: number): Promise<void> {
    if (!(await this.life.sleep(afterMs))) return;
    const record = this.ledger.tasks.get(taskId)!;
    try {
      record.cancelRequested = true;
      this.ledger.count('cancelRequests');
      await this.rpc.cancel(userId, taskId);
    } catch (error) {
      this.ledger.unexpected('request_task_cancel', error);
    }
  }
}
