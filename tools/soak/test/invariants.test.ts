// The checkers must be able to fail: each one is fed a small hand-made history with one defect
// planted (and the same history without it), and must name the defect.
import { describe, expect, it } from 'vitest';
import type { FinalEvent, FinalState, FinalTask } from '../src/final-state';
import { checkAuditTrail, checkRetriedOnce } from '../src/invariants/audit';
import { checkNotReapedWhileAlive, checkTerminalInTime } from '../src/invariants/timing';
import { checkNoCompletionLost, checkNoStaleWriteAccepted } from '../src/invariants/writes';
import { Ledger } from '../src/ledger';
import { planTask } from '../src/scenario';

const S = 1_000_000; // one second in microseconds
const LIMITS = { pendingTimeoutUs: 4 * S, heartbeatTimeoutUs: 3 * S, maxRuntimeUs: 8 * S, cancelGraceUs: 2 * S };

function task(over: Partial<FinalTask> = {}): FinalTask {
  return {
    id: 't1', userId: 'u1', type: 'soak_shared', status: 'completed', attempt: 1,
    result: { ok: 1 }, errorCode: null, retryOf: null,
    createdUs: 0, startedUs: 1 * S, heartbeatUs: 2 * S, finishedUs: 3 * S, cancelRequestedUs: null,
    ...over,
  };
}

function ev(kind: string, from: string | null, to: string | null, atUs: number, actor = 'worker', reason: string | null = null): FinalEvent {
  return { taskId: 't1', actor, kind, fromStatus: from, toStatus: to, reason, atUs };
}

function stateOf(t: FinalTask, events: FinalEvent[]): FinalState {
  return { tasks: new Map([[t.id, t]]), events: new Map([[t.id, events]]), limits: new Map([[t.type, LIMITS]]) };
}

const completedEvents = [
  ev('submitted', null, 'pending', 0, 'user'),
  ev('claimed', 'pending', 'processing', 1 * S),
  ev('completed', 'processing', 'completed', 3 * S),
];

function ledgerWith(finish?: { result: unknown; atUs: number }): Ledger {
  const ledger = new Ledger();
  const record = ledger.addTask('t1', 'u1', planTask(1, 0, 1, false));
  record.claimedAttempts.push(1);
  if (finish) {
    ledger.accepted(record, 'complete', 1, { accepted: true, keepGoing: false, reason: null, atUs: finish.atUs }, finish.result);
  }
  return ledger;
}

describe('timing checks', () => {
  it('passes a task finished in time and flags one finished late or never', () => {
    expect(checkTerminalInTime(stateOf(task(), completedEvents), 0.5 * S).ok).toBe(true);
    const late = task({ status: 'failed', errorCode: 'heartbeat_timeout', finishedUs: 6 * S });
    expect(checkTerminalInTime(stateOf(late, []), 0.5 * S).violations[0]).toMatch(/past its deadline/);
    const stuck = task({ status: 'processing', finishedUs: null });
    expect(checkTerminalInTime(stateOf(stuck, []), 0.5 * S).violations[0]).toMatch(/still processing/);
  });

  it('flags a heartbeat_timeout reap that came less than heartbeat_timeout after an accepted beat', () => {
    const reaped = task({ status: 'failed', errorCode: 'heartbeat_timeout', heartbeatUs: 1 * S, finishedUs: 4.5 * S });
    const events = [...completedEvents.slice(0, 2), ev('failed', 'processing', 'failed', 4.5 * S, 'reaper', 'heartbeat_timeout')];
    const ledger = ledgerWith();
    expect(checkNotReapedWhileAlive(stateOf(reaped, events), ledger).ok).toBe(true);
    // The ledger knows of a beat at 2 s that the row does not show: the reap at 4.5 s was early.
    ledger.accepted(ledger.tasks.get('t1')!, 'heartbeat', 1, { accepted: true, keepGoing: true, reason: null, atUs: 2 * S });
    expect(checkNotReapedWhileAlive(stateOf(reaped, events), ledger).violations[0]).toMatch(/after an accepted heartbeat/);
  });

  it('flags a slow-but-alive worker reaped while its beats were on time, not one the harness starved', () => {
    const reaped = task({ status: 'failed', errorCode: 'heartbeat_timeout', heartbeatUs: 1 * S, finishedUs: 4.5 * S });
    const events = [...completedEvents.slice(0, 2), ev('failed', 'processing', 'failed', 4.5 * S, 'reaper', 'heartbeat_timeout')];
    const ledger = new Ledger();
    const slow = { ...planTask(1, 0, 1, false), fault: 'slow_alive' as const };
    const record = ledger.addTask('t1', 'u1', slow);
    record.claimedAttempts.push(1);
    record.maxBeatGapUs = 0.4 * S;
    expect(checkNotReapedWhileAlive(stateOf(reaped, events), ledger).violations[0]).toMatch(/slow-but-alive worker, beating on time/);
    record.maxBeatGapUs = 3.5 * S;
    expect(checkNotReapedWhileAlive(stateOf(reaped, events), ledger).ok).toBe(true);
  });
});

describe('write checks', () => {
  it('flags an accepted completion whose result is not the row\'s', () => {
    const ledger = ledgerWith({ result: { ok: 1 }, atUs: 3 * S });
    expect(checkNoCompletionLost(stateOf(task(), completedEvents), ledger).ok).toBe(true);
    const swapped = task({ result: { ok: 2 } });
    expect(checkNoCompletionLost(stateOf(swapped, completedEvents), ledger).violations[0]).toMatch(/completed with/);
    const reaped = task({ status: 'failed', errorCode: 'heartbeat_timeout' });
    expect(checkNoCompletionLost(stateOf(reaped, completedEvents), ledger).violations[0]).toMatch(/accepted but the row is failed/);
  });

  it('flags a stale write that was accepted and a write accepted after the end', () => {
    const ledger = ledgerWith({ result: { ok: 1 }, atUs: 3 * S });
    const record = ledger.tasks.get('t1')!;
    ledger.stale(record, 'complete', 1, { accepted: false, keepGoing: false, reason: 'not_active', atUs: 4 * S });
    expect(checkNoStaleWriteAccepted(stateOf(task(), completedEvents), ledger, 0).ok).toBe(true);
    ledger.stale(record, 'heartbeat', 0, { accepted: true, keepGoing: true, reason: null, atUs: 4 * S });
    ledger.accepted(record, 'heartbeat', 1, { accepted: true, keepGoing: true, reason: null, atUs: 5 * S });
    const problems = checkNoStaleWriteAccepted(stateOf(task(), completedEvents), ledger, 0).violations.join('\n');
    expect(problems).toMatch(/stale heartbeat \(attempt 0\) answered accepted=true/);
    expect(problems).toMatch(/accepted 2000 ms after the task ended/);
  });
});

describe('audit trail check', () => {
  it('passes a full chain and names a gap, a wrong actor and a wrong end', () => {
    const ledger = ledgerWith();
    expect(checkAuditTrail(stateOf(task(), completedEvents), ledger).ok).toBe(true);
    const gap = [completedEvents[0]!, completedEvents[2]!];
    expect(checkAuditTrail(stateOf(task(), gap), ledger).violations[0]).toMatch(/from processing but the task was pending/);
    const byReaper = [...completedEvents.slice(0, 2), ev('completed', 'processing', 'completed', 3 * S, 'reaper')];
    expect(checkAuditTrail(stateOf(task(), byReaper), ledger).violations[0]).toMatch(/completed by reaper/);
    const cancelled = task({ status: 'cancelled', errorCode: 'cancelled' });
    expect(checkAuditTrail(stateOf(cancelled, completedEvents), ledger).violations[0]).toMatch(/end in completed, the row is cancelled/);
  });
});

describe('retried-once check', () => {
  it('passes one retry per task and names a task with two', () => {
    const failed = task({ status: 'failed', errorCode: 'worker_error' });
    const retry = (id: string, retryOf: string) => task({ id, retryOf, status: 'pending', startedUs: null, finishedUs: null });
    const stateWith = (...tasks: FinalTask[]): FinalState => ({ tasks: new Map(tasks.map((t) => [t.id, t])), events: new Map(), limits: new Map() });
    const once = checkRetriedOnce(stateWith(failed, retry('t2', 't1'), retry('t3', 't2')));
    expect(once).toMatchObject({ ok: true, checked: 2 });
    const twice = checkRetriedOnce(stateWith(failed, retry('t2', 't1'), retry('t3', 't1')));
    expect(twice.violations).toEqual(['t1 has 2 retries: t2, t3']);
  });
});
