// Every invariant of a soak run, in the order the report prints them.
import type { FinalState } from '../final-state';
import type { Ledger } from '../ledger';
import type { ReaperStats } from '../reaper-loop';
import type { ExclusiveSamples } from '../sampler';
import { Check } from './check';
import { checkAuditTrail, checkRetriedOnce } from './audit';
import { checkNotReapedWhileAlive, checkTerminalInTime } from './timing';
import { checkNoCompletionLost, checkNoStaleWriteAccepted } from './writes';

export { Check } from './check';

export interface InvariantInputs {
  state: FinalState;
  ledger: Ledger;
  exclusive: ExclusiveSamples;
  reapers: ReaperStats;
  /** One reaper interval + tolerance, microseconds. */
  slackUs: number;
  toleranceMs: number;
}

function exclusiveCheck(samples: ExclusiveSamples): Check {
  const check = new Check('at most one active task per (user, exclusive type)', 'samples');
  check.checked = samples.samples;
  for (const v of samples.violations) check.fail(v);
  return check;
}

function errorsCheck(ledger: Ledger, reapers: ReaperStats): Check {
  const check = new Check('no unexpected RPC error', 'errors');
  for (const e of [...ledger.unexpectedErrors, ...reapers.errors.map((m) => `reap_stuck_tasks: ${m}`)]) check.item(e);
  return check;
}

export function checkInvariants(inputs: InvariantInputs): Check[] {
  const { state, ledger } = inputs;
  return [
    checkTerminalInTime(state, inputs.slackUs),
    checkNotReapedWhileAlive(state, ledger),
    checkNoCompletionLost(state, ledger),
    checkNoStaleWriteAccepted(state, ledger, (inputs.reapers.maxCallMs + inputs.toleranceMs) * 1000),
    exclusiveCheck(inputs.exclusive),
    checkAuditTrail(state, ledger),
    checkRetriedOnce(state),
    errorsCheck(ledger, inputs.reapers),
  ];
}
