// Write invariants, from the ledger against the rows: an accepted completion is never lost, and
// nothing a stale worker writes is ever accepted.
import type { FinalState } from '../final-state';
import type { Ledger } from '../ledger';
import { canonical, Check } from './check';

const FINISH_STATUS = { complete: 'completed', fail: 'failed', ack_cancel: 'cancelled' } as const;

export function checkNoCompletionLost(state: FinalState, ledger: Ledger): Check {
  const check = new Check('no accepted completion lost', 'accepted finishes');
  for (const record of ledger.tasks.values()) {
    if (record.finishes.length > 1) check.fail(`${record.id}: ${record.finishes.length} finishing writes accepted`);
    const row = state.tasks.get(record.id);
    for (const finish of record.finishes) {
      const expected = FINISH_STATUS[finish.kind];
      if (!row) {
        check.item(`${record.id}: row missing after an accepted ${finish.kind}`);
      } else if (row.status !== expected) {
        check.item(`${record.id}: ${finish.kind} accepted but the row is ${row.status}/${row.errorCode}`);
      } else if (finish.kind === 'complete' && canonical(row.result) !== canonical(finish.result)) {
        check.item(`${record.id}: completed with ${canonical(row.result)}, the worker sent ${canonical(finish.result)}`);
      } else if (row.finishedUs !== finish.atUs) {
        check.item(`${record.id}: finished_at is not the time of the accepted ${finish.kind}`);
      } else {
        check.item(null);
      }
    }
  }
  // The other way round: nothing completed that no worker was told it had completed.
  for (const row of state.tasks.values()) {
    if (row.status !== 'completed') continue;
    const told = ledger.tasks.get(row.id)?.finishes.some((f) => f.kind === 'complete');
    if (!told) check.fail(`${row.id}: completed without an accepted complete_task`);
  }
  return check;
}

/**
 * `finishSlackUs`: timestamps are transaction *start* times (`now()`), so a write that committed
 * just before a slow reaper transaction reached its row can carry a later time than that
 * reaper's `finished_at`. Only an accepted write later than finished_at + this slack (the slowest
 * reaper call + the tolerance) is counted as accepted after the end.
 */
export function checkNoStaleWriteAccepted(state: FinalState, ledger: Ledger, finishSlackUs: number): Check {
  const check = new Check('no write accepted from a stale attempt', 'stale writes + claimed tasks');
  for (const record of ledger.tasks.values()) {
    const row = state.tasks.get(record.id);
    for (const write of record.staleWrites) {
      const refused = !write.accepted && (write.reason === 'stale_attempt' || write.reason === 'not_active');
      check.item(refused ? null : `${record.id}: stale ${write.kind} (attempt ${write.attempt}) answered accepted=${write.accepted} reason=${write.reason}`);
    }
    if (record.claimedAttempts.length === 0 && record.acceptedAttempts.size === 0) continue;
    const problems: string[] = [];
    if (record.claimedAttempts.length > 1) problems.push(`claimed ${record.claimedAttempts.length} times`);
    for (const attempt of record.acceptedAttempts) {
      if (!record.claimedAttempts.includes(attempt)) problems.push(`write accepted for attempt ${attempt}, never claimed`);
      if (row && attempt !== row.attempt) problems.push(`write accepted for attempt ${attempt}, row has ${row.attempt}`);
    }
    if (row?.finishedUs != null && record.lastAcceptedWriteUs !== null && record.lastAcceptedWriteUs > row.finishedUs + finishSlackUs) {
      const late = ((record.lastAcceptedWriteUs - row.finishedUs) / 1000).toFixed(0);
      problems.push(`a write was accepted ${late} ms after the task ended (${row.status}/${row.errorCode})`);
    }
    check.item(problems.length > 0 ? `${record.id}: ${problems.join('; ')}` : null);
  }
  return check;
}
