// What the run's clients saw, kept apart from the database so that the two can be checked against
// each other at the end: every claim, every accepted worker write (with the database time of its
// transaction), every write the worker knew to be stale, every fault that actually happened.
import type { Micros, WriteAnswer } from './db';
import { FAULT_KINDS, type FaultKind, type TaskPlan } from './scenario';

export type FinishKind = 'complete' | 'fail' | 'ack_cancel';

export interface AcceptedFinish {
  kind: FinishKind;
  attempt: number;
  atUs: Micros;
  /** The result sent with a completion. */
  result?: unknown;
}

/** A write sent by a worker that knew (or should have known) it no longer held the task. */
export interface StaleWrite {
  kind: 'heartbeat' | FinishKind;
  attempt: number;
  accepted: boolean;
  reason: string | null;
}

export interface TaskRecord {
  id: string;
  userId: string;
  plan: TaskPlan;
  /** Attempts returned by successful claims (more than one would be a double claim). */
  claimedAttempts: number[];
  /** Claims that returned null (a duplicate delivery, or a task cancelled or reaped first). */
  lostClaims: number;
  /**
   * Longest wait, in database time, between the claim or a heartbeat and the worker's next
   * heartbeat (accepted or not): above heartbeat_timeout the *harness* was late, not the reaper.
   */
  maxBeatGapUs: Micros;
  /** Database time of the last accepted heartbeat. */
  lastBeatUs: Micros | null;
  /** Database time of the latest accepted write of any kind. */
  lastAcceptedWriteUs: Micros | null;
  /** Attempts named by accepted writes. */
  acceptedAttempts: Set<number>;
  finishes: AcceptedFinish[];
  staleWrites: StaleWrite[];
  cancelRequested: boolean;
  /** The worker holding the task read a cancel request from a heartbeat. */
  cancelSeen: boolean;
  /** The plan's fault actually happened (e.g. not pre-empted by a cancel before the claim). */
  faultHappened: boolean;
}

export type Counter =
  | 'submits'
  | 'submitsSkipped'
  | 'submitsReturnedActive'
  | 'admissionReaps'
  | 'retries'
  | 'retriesRefused'
  | 'retriesReturnedEarlier'
  | 'cancelRequests'
  | 'cancelsHonoured'
  | 'cancelsIgnored'
  | 'duplicateClaimsLost'
  | 'staleWritesRefused'
  | 'heartbeats';

export class Ledger {
  readonly tasks = new Map<string, TaskRecord>();
  readonly faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  readonly counters: Record<Counter, number> = {
    submits: 0,
    submitsSkipped: 0,
    submitsReturnedActive: 0,
    admissionReaps: 0,
    retries: 0,
    retriesRefused: 0,
    retriesReturnedEarlier: 0,
    cancelRequests: 0,
    cancelsHonoured: 0,
    cancelsIgnored: 0,
    duplicateClaimsLost: 0,
    staleWritesRefused: 0,
    heartbeats: 0,
  };
  /** RPC errors nobody planned for (deadlocks, timeouts, wrong codes): each one is a finding. */
  readonly unexpectedErrors: string[] = [];

  count(counter: Counter, by = 1): void {
    this.counters[counter] += by;
  }

  addTask(id: string, userId: string, plan: TaskPlan): TaskRecord {
    const record: TaskRecord = {
      id,
      userId,
      plan,
      claimedAttempts: [],
      lostClaims: 0,
      maxBeatGapUs: 0,
      lastBeatUs: null,
      lastAcceptedWriteUs: null,
      acceptedAttempts: new Set(),
      finishes: [],
      staleWrites: [],
      cancelRequested: false,
      cancelSeen: false,
      faultHappened: false,
    };
    this.tasks.set(id, record);
    return record;
  }

  faultHappened(record: TaskRecord, fault: FaultKind = record.plan.fault): void {
    if (fault === record.plan.fault) record.faultHappened = true;
    this.faults[fault] += 1;
  }

  /** Records a fenced write the worker believed to be its own. */
  accepted(record: TaskRecord, kind: 'heartbeat' | FinishKind, attempt: number, answer: WriteAnswer, result?: unknown): void {
    if (!answer.accepted) return;
    record.acceptedAttempts.add(attempt);
    record.lastAcceptedWriteUs = Math.max(record.lastAcceptedWriteUs ?? 0, answer.atUs);
    if (kind === 'heartbeat') {
      record.lastBeatUs = Math.max(record.lastBeatUs ?? 0, answer.atUs);
      this.count('heartbeats');
    } else {
      record.finishes.push({ kind, attempt, atUs: answer.atUs, ...(kind === 'complete' ? { result } : {}) });
    }
  }

  /** Records a write sent on purpose from a stale position; the database must refuse it. */
  stale(record: TaskRecord, kind: StaleWrite['kind'], attempt: number, answer: WriteAnswer): void {
    record.staleWrites.push({ kind, attempt, accepted: answer.accepted, reason: answer.reason });
    if (!answer.accepted) this.count('staleWritesRefused');
  }

  unexpected(where: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.unexpectedErrors.push(`${where}: ${message}`);
  }
}
