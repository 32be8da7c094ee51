// Simulated worker invocations (think Cloud Functions): each delivery of a task id runs one
// invocation, at most `workers` at once, and each invocation follows its task's fault plan.
// Honest invocations follow the protocol of examples/supabase/README.md; faulty ones die, hang,
// overrun or write after losing the task, which the database must shrug off.
import type { WorkerRpc } from './db';
import type { Ledger, TaskRecord } from './ledger';
import type { Lifetime } from './lifetime';

interface Delivery {
  record: TaskRecord;
  /** The second copy of a duplicated delivery. */
  duplicate: boolean;
}

type BeatOutcome = 'done' | 'lost' | 'cancelled' | 'stopped';

export class WorkerPool {
  private readonly queue: Delivery[] = [];
  private busy = 0;
  private readonly detached = new Set<Promise<void>>();
  /** Database time of each held task's claim or latest heartbeat. */
  private readonly lastSignUs = new WeakMap<TaskRecord, number>();

  constructor(
    private readonly rpc: WorkerRpc,
    private readonly ledger: Ledger,
    private readonly life: Lifetime,
    private readonly slots: number,
  ) {}

  /** Deliveries waiting for a free invocation slot. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Delivers a task; a duplicate_delivery plan delivers it twice at once. */
  deliver(record: TaskRecord): void {
    this.queue.push({ record, duplicate: false });
    if (record.plan.fault === 'duplicate_delivery') {
      this.queue.push({ record, duplicate: true });
      this.ledger.faultHappened(record);
    }
    this.pump();
  }

  /** Waits for every invocation, including hung ones, to notice that the run stopped. */
  async settle(): Promise<void> {
    while (this.busy > 0 || this.detached.size > 0) {
      await Promise.all([...this.detached]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private pump(): void {
    while (this.busy < this.slots && this.queue.length > 0 && this.life.running) {
      const delivery = this.queue.shift()!;
      this.busy += 1;
      this.invoke(delivery)
        .catch((error: unknown) => this.ledger.unexpected(`worker ${delivery.record.plan.fault}`, error))
        .finally(() => {
          this.busy -= 1;
          this.pump();
        });
    }
  }

  private async invoke({ record, duplicate }: Delivery): Promise<void> {
    const { plan } = record;
    if (!duplicate && plan.fault === 'crash_before_claim') {
      this.ledger.faultHappened(record);
      return;
    }
    const claim = await this.rpc.claim(record.id);
    if (claim.attempt === null) {
      record.lostClaims += 1;
      if (plan.fault === 'duplicate_delivery') await this.staleDuplicate(record);
      return;
    }
    record.claimedAttempts.push(claim.attempt);
    const attempt = claim.attempt;
    this.lastSignUs.set(record, claim.atUs);
    switch (plan.fault) {
      case 'hang':
        this.ledger.faultHappened(record);
        return;
      case 'late_completion':
        // The invocation's slot is freed (the platform thinks it timed out) but the process lives on.
        this.detach(this.completeAfterReap(record, attempt));
        return;
      case 'crash_mid_task': {
        const outcome = await this.beat(record, attempt, plan.workMs, false);
        if (outcome === 'done') this.ledger.faultHappened(record);
        return;
      }
      case 'runaway': {
        const outcome = await this.beat(record, attempt, Number.POSITIVE_INFINITY, true);
        if (outcome === 'lost') {
          this.ledger.faultHappened(record);
          await this.staleFinish(record, attempt);
        }
        return;
      }
      default: {
        const outcome = await this.beat(record, attempt, plan.workMs, true);
        if (outcome !== 'done') return;
        // An honest run counts under its own name (none / worker_error) as the baseline.
        if (plan.fault !== 'duplicate_delivery') this.ledger.faultHappened(record);
        await this.finish(record, attempt);
      }
    }
  }

  /** Heartbeats for `workMs`; answers how the work ended. */
  private async beat(record: TaskRecord, attempt: number, workMs: number, mayAck: boolean): Promise<BeatOutcome> {
    const { plan } = record;
    const started = Date.now();
    for (;;) {
      const left = workMs - (Date.now() - started);
      if (left <= 0) return 'done';
      if (!(await this.life.sleep(Math.min(plan.beatEveryMs, left)))) return 'stopped';
      const progress = Number.isFinite(workMs) ? Math.min(1, (Date.now() - started) / workMs) : 0.5;
      const answer = await this.rpc.heartbeat(record.id, attempt, progress);
      record.maxBeatGapUs = Math.max(record.maxBeatGapUs, answer.atUs - (this.lastSignUs.get(record) ?? answer.atUs));
      this.lastSignUs.set(record, answer.atUs);
      this.ledger.accepted(record, 'heartbeat', attempt, answer);
      if (!answer.accepted) return 'lost';
      if (answer.reason === 'cancel_requested' && !record.cancelSeen) {
        record.cancelSeen = true;
        if (plan.honoursCancel && mayAck) {
          const ack = await this.rpc.ackCancel(record.id, attempt);
          this.ledger.accepted(record, 'ack_cancel', attempt, ack);
          this.ledger.count('cancelsHonoured');
          return 'cancelled';
        }
        this.ledger.count('cancelsIgnored');
      }
    }
  }

  private async finish(record: TaskRecord, attempt: number): Promise<void> {
    if (record.plan.fault === 'worker_error') {
      const answer = await this.rpc.fail(record.id, attempt, `soak task ${record.plan.number} failed on purpose`);
      this.ledger.accepted(record, 'fail', attempt, answer);
      return;
    }
    // A result unique to this task and attempt, so a lost or swapped completion cannot hide.
    const result = { task: record.plan.number, attempt, token: `${record.id}:${attempt}` };
    const answer = await this.rpc.complete(record.id, attempt, result);
    this.ledger.accepted(record, 'complete', attempt, answer, result);
  }

  private async completeAfterReap(record: TaskRecord, attempt: number): Promise<void> {
    for (;;) {
      if (!(await this.life.sleep(300))) return;
      const status = await this.rpc.status(record.id);
      if (status !== 'pending' && status !== 'processing') break;
    }
    this.ledger.faultHappened(record);
    await this.staleFinish(record, attempt);
  }

  /** A zombie's completion, sent after its task was finalised by someone else: must be refused. */
  private async staleFinish(record: TaskRecord, attempt: number): Promise<void> {
    const answer = await this.rpc.complete(record.id, attempt, { zombie: true });
    this.ledger.stale(record, 'complete', attempt, answer);
  }

  /** The losing copy of a duplicated delivery writes with the attempt it saw before the winner's claim. */
  private async staleDuplicate(record: TaskRecord): Promise<void> {
    this.ledger.count('duplicateClaimsLost');
    const answer = await this.rpc.heartbeat(record.id, 0, 0.5);
    this.ledger.stale(record, 'heartbeat', 0, answer);
  }

  private detach(job: Promise<void>): void {
    const tracked = job
      .catch((error: unknown) => this.ledger.unexpected('detached worker', error))
      .finally(() => this.detached.delete(tracked));
    this.detached.add(tracked);
  }
}
