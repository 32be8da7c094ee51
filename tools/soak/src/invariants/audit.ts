// The audit trail accounts for every transition: per task, the events chain from `submitted`
// (to pending) through consistent from → to steps to the row's final status, with the right
// actor, the row's timestamps and the row's error code; and every retry is recorded on both rows.
import type { FinalEvent, FinalState, FinalTask } from '../final-state';
import type { Ledger } from '../ledger';
import { Check } from './check';

const REAPER_REASONS = new Set(['pending_timeout', 'heartbeat_timeout', 'max_runtime', 'cancel_timeout']);

function chainProblem(task: FinalTask, events: readonly FinalEvent[]): string | null {
  const steps = events.filter((e) => e.kind !== 'retried');
  const first = steps[0];
  if (!first || first.kind !== 'submitted' || first.fromStatus !== null || first.toStatus !== 'pending') {
    return 'does not start with submitted → pending';
  }
  if (first.atUs !== task.createdUs) return 'submitted event time differs from created_at';
  let status = 'pending';
  let cancelRequests = 0;
  let claims = 0;
  let last: FinalEvent = first;
  for (const event of steps.slice(1)) {
    if (event.kind === 'cancel_requested') {
      cancelRequests += 1;
      if (event.fromStatus !== 'processing' || event.toStatus !== 'processing' || status !== 'processing') {
        return `cancel_requested ${event.fromStatus} → ${event.toStatus} while ${status}`;
      }
      continue;
    }
    if (event.fromStatus !== status) return `event ${event.kind} from ${event.fromStatus} but the task was ${status}`;
    const expectedKind = event.toStatus === 'processing' ? 'claimed' : event.toStatus;
    if (event.kind !== expectedKind) return `event ${event.kind} for a move to ${event.toStatus}`;
    if (event.kind === 'claimed') {
      claims += 1;
      if (event.actor !== 'worker') return `claimed by ${event.actor}`;
    }
    status = event.toStatus!;
    last = event;
  }
  if (status !== task.status) return `events end in ${status}, the row is ${task.status}`;
  if (claims !== (task.startedUs === null ? 0 : 1)) return `${claims} claim events, started_at ${task.startedUs === null ? 'null' : 'set'}`;
  if (cancelRequests > 1) return `${cancelRequests} cancel_requested events`;
  if (cancelRequests === 1 && task.cancelRequestedUs === null) return 'cancel_requested event without cancel_requested_at';
  if (task.finishedUs !== null) {
    if (last.atUs !== task.finishedUs) return 'final event time differs from finished_at';
    if (task.status !== 'completed' && last.reason !== task.errorCode) return `final event reason ${last.reason}, error_code ${task.errorCode}`;
    if (task.status === 'completed' && last.actor !== 'worker') return `completed by ${last.actor}`;
    if (last.actor === 'reaper' && !REAPER_REASONS.has(task.errorCode ?? '')) return `reaper finalised with ${task.errorCode}`;
  }
  return null;
}

/**
 * Retry is idempotent per task (retry_task answers a task retried before with that retry): however
 * often, and however concurrently, the run retried a task, it has one retry at most.
 */
export function checkRetriedOnce(state: FinalState): Check {
  const check = new Check('each task retried at most once', 'retried tasks');
  const retriesOf = new Map<string, string[]>();
  for (const task of state.tasks.values()) {
    if (task.retryOf !== null) retriesOf.set(task.retryOf, [...(retriesOf.get(task.retryOf) ?? []), task.id]);
  }
  for (const [retried, retries] of retriesOf) {
    check.item(retries.length > 1 ? `${retried} has ${retries.length} retries: ${retries.join(', ')}` : null);
  }
  return check;
}

export function checkAuditTrail(state: FinalState, ledger: Ledger): Check {
  const check = new Check('audit trail accounts for every transition', 'tasks');
  for (const task of state.tasks.values()) {
    const events = state.events.get(task.id) ?? [];
    const problem = chainProblem(task, events);
    if (problem) {
      check.item(`${task.id}: ${problem}`);
      continue;
    }
    if (task.retryOf !== null) {
      const marked = state.events.get(task.retryOf)?.some((e) => e.kind === 'retried' && e.reason === task.id);
      check.item(marked ? null : `${task.id} retries ${task.retryOf}, which has no retried event naming it`);
    } else {
      check.item(null);
    }
  }
  // Every row is one the run created, and every task the run was told it created exists.
  for (const id of ledger.tasks.keys()) if (!state.tasks.has(id)) check.fail(`${id}: submitted but no row`);
  if (state.tasks.size !== ledger.tasks.size) check.fail(`${state.tasks.size} rows, the run created ${ledger.tasks.size}`);
  return check;
}
