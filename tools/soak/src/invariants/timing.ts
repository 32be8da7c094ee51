// Time invariants: every task ends within its thresholds plus one reaper interval (plus the
// stated tolerance), and the reaper never finalises a task before its rule holds — in particular
// never a task whose worker's last accepted heartbeat is younger than heartbeat_timeout.
import type { FinalState, FinalTask, TypeLimits } from '../final-state';
import type { Ledger } from '../ledger';
import { Check, sec } from './check';

function deadlineOf(task: FinalTask, limits: TypeLimits): number {
  if (task.startedUs === null) return task.createdUs + limits.pendingTimeoutUs;
  const beat = Math.max(task.startedUs, task.heartbeatUs ?? task.startedUs);
  const candidates = [task.startedUs + limits.maxRuntimeUs, beat + limits.heartbeatTimeoutUs];
  if (task.cancelRequestedUs !== null) candidates.push(task.cancelRequestedUs + limits.cancelGraceUs);
  return Math.min(...candidates);
}

/** `slackUs` = one reaper interval + the tolerance. */
export function checkTerminalInTime(state: FinalState, slackUs: number): Check {
  const check = new Check('every task terminal within thresholds + one reaper interval', 'tasks');
  for (const task of state.tasks.values()) {
    const limits = state.limits.get(task.type)!;
    if (task.finishedUs === null) {
      check.item(`${task.id} still ${task.status} at the end`);
      continue;
    }
    const pendingLimit = task.createdUs + limits.pendingTimeoutUs + slackUs;
    if (task.startedUs !== null && task.startedUs > pendingLimit) {
      check.item(`${task.id} claimed ${sec(task.startedUs - task.createdUs)} after submit, past pending_timeout + slack`);
      continue;
    }
    const late = task.finishedUs - (deadlineOf(task, limits) + slackUs);
    check.item(late > 0 ? `${task.id} (${task.status}/${task.errorCode}) finished ${sec(late)} past its deadline + slack` : null);
  }
  return check;
}

export function checkNotReapedWhileAlive(state: FinalState, ledger: Ledger): Check {
  const check = new Check('no task reaped while alive (or before its rule held)', 'reaped tasks');
  for (const task of state.tasks.values()) {
    const last = state.events.get(task.id)?.filter((e) => e.toStatus !== null).at(-1);
    if (!last || last.actor !== 'reaper' || task.finishedUs === null) continue;
    const limits = state.limits.get(task.type)!;
    const record = ledger.tasks.get(task.id);
    const reapedAt = task.finishedUs;
    const problem = (() => {
      switch (task.errorCode) {
        case 'pending_timeout':
          if (task.startedUs !== null) return 'pending_timeout on a claimed task';
          return reapedAt - task.createdUs > limits.pendingTimeoutUs ? null : `pending for only ${sec(reapedAt - task.createdUs)}`;
        case 'heartbeat_timeout': {
          // The ledger's own record of accepted heartbeats, not only the row's heartbeat_at.
          const lastSign = Math.max(task.startedUs ?? 0, task.heartbeatUs ?? 0, record?.lastAcceptedWriteUs ?? 0);
          // A slow-but-alive worker is never reaped — unless the harness itself failed to send
          // a heartbeat within the timeout (an overloaded machine), which is then no longer alive.
          const beatsOnTime = (record?.maxBeatGapUs ?? 0) <= limits.heartbeatTimeoutUs;
          if (record?.plan.fault === 'slow_alive' && record.claimedAttempts.length > 0 && beatsOnTime) {
            return 'slow-but-alive worker, beating on time, reaped for heartbeat_timeout';
          }
          return reapedAt - lastSign > limits.heartbeatTimeoutUs ? null : `reaped ${sec(reapedAt - lastSign)} after an accepted heartbeat`;
        }
        case 'max_runtime':
          if (task.startedUs === null) return 'max_runtime on an unclaimed task';
          return reapedAt - task.startedUs > limits.maxRuntimeUs ? null : `max_runtime after ${sec(reapedAt - task.startedUs)}`;
        case 'cancel_timeout':
          if (task.cancelRequestedUs === null) return 'cancel_timeout without a cancel request';
          return reapedAt - task.cancelRequestedUs > limits.cancelGraceUs ? null : `cancelled ${sec(reapedAt - task.cancelRequestedUs)} after the request`;
        default:
          return `reaped with unknown reason ${String(task.errorCode)}`;
      }
    })();
    check.item(problem ? `${task.id}: ${problem}` : null);
  }
  return check;
}
