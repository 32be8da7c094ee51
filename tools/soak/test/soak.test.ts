// The short soak of the test command: a minute of load (plus cancels' tail and a drain: ~75 s wall) with a fixed
// seed against the local PostgreSQL, with watchers through the supabase and http sources. Every invariant must hold, and every fault kind and every
// reaper rule must actually have happened — a soak that injected nothing proves nothing.
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../src/options';
import { formatReport } from '../src/report';
import { runSoak } from '../src/run';
import { FAULT_KINDS } from '../src/scenario';
import { defaultExtensions } from '../src/watchers';
import { pgUp } from './helpers/postgres';

describe.skipIf(!pgUp)('soak against PostgreSQL', () => {
  it('breaks no invariant under every fault kind (seed 20251204)', async () => {
    const options = { ...DEFAULT_OPTIONS, durationSec: 60, ratePerSec: 50, seed: 20251204, verbose: false, watchedPerSource: 16 };
    const result = await runSoak(options, defaultExtensions(options));
    console.log(formatReport(result));

    for (const check of result.checks) expect({ [check.name]: check.violations }).toEqual({ [check.name]: [] });
    expect(result.ledger.tasks.size).toBeGreaterThan(500);
    for (const kind of FAULT_KINDS) expect({ [kind]: result.ledger.faults[kind] > 0 }).toEqual({ [kind]: true });
    for (const reason of ['pending_timeout', 'heartbeat_timeout', 'max_runtime', 'cancel_timeout']) {
      expect({ [reason]: (result.reapsByReason[reason] ?? 0) > 0 }).toEqual({ [reason]: true });
    }
    expect(result.ledger.counters.cancelsHonoured).toBeGreaterThan(0);
    expect(result.ledger.counters.cancelsIgnored).toBeGreaterThan(0);
    expect(result.ledger.counters.staleWritesRefused).toBeGreaterThan(0);
    for (const source of ['supabase', 'http']) {
      expect(result.extensionFigures[`${source} watchers`]).toBeGreaterThan(0);
      expect(result.extensionFigures[`${source} reconnects`]).toBeGreaterThan(0);
    }
  }, 180_000);
});
