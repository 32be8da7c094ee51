// The run's outcome as plain-text tables: invariants (with the first few violations of each),
// then the figures — tasks, faults by kind, reaps by reason, client actions, watchers.
import type { SoakResult } from './run';
import { SOAK_THRESHOLDS } from './scenario';

// The two honest outcomes are counted too, as the baseline the faults are measured against.
const FAULT_LABELS: Record<string, string> = { none: 'none (honest run)', worker_error: 'worker_error (honest failure)' };

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(headers), rule, ...cells.slice(1).map(line)].join('\n');
}

function maxBeatGapMs(result: SoakResult): number {
  let gap = 0;
  for (const record of result.ledger.tasks.values()) gap = Math.max(gap, record.maxBeatGapUs);
  return gap / 1000;
}

export function violationCount(result: SoakResult): number {
  return result.checks.reduce((sum, c) => sum + c.violations.length, 0);
}

export function formatReport(result: SoakResult): string {
  const { ledger, options } = result;
  const out: string[] = [];
  out.push(`soak: seed ${options.seed}, load ${options.durationSec} s at ${options.ratePerSec}/s, ${options.users} users, ` +
    `${options.workers} worker slots, 2 reapers every ${options.reaperIntervalMs} ms; wall ${result.wallSeconds.toFixed(1)} s ` +
    `(setup ${result.setupSeconds.toFixed(1)} s, load ${result.loadSeconds.toFixed(1)} s, drain ${result.drainSeconds.toFixed(1)} s); slack = 1 reaper interval + ${options.toleranceMs} ms tolerance`);
  out.push('');
  out.push(table(
    ['invariant', 'checked', 'violations', 'result'],
    result.checks.map((c) => [c.name, `${c.checked} ${c.unit}`, c.violations.length, c.ok ? 'ok' : 'FAIL']),
  ));
  for (const c of result.checks.filter((check) => !check.ok)) {
    out.push(`\n${c.name}:`);
    for (const v of c.violations.slice(0, 5)) out.push(`  - ${v}`);
    if (c.violations.length > 5) out.push(`  … and ${c.violations.length - 5} more`);
  }
  out.push('');
  const statuses = Object.entries(result.statuses).map(([s, n]) => `${s} ${n}`).join(', ');
  out.push(table(['figure', 'count'], [
    ['tasks', ledger.tasks.size],
    ['  final statuses', statuses],
    ...Object.entries(ledger.faults).map(([k, n]): [string, number] => [`fault: ${FAULT_LABELS[k] ?? k}`, n]),
    ...Object.entries(result.reapsByReason).map(([k, n]): [string, number] => [`reaped: ${k}`, n]),
    ['  of which by the two scheduled reapers', Object.values(result.reapers.reaped).reduce((a, b) => a + b, 0)],
    ['  reaper calls / slowest ms', `${result.reapers.calls} / ${result.reapers.maxCallMs}`],
    ['submits (new) / returned the active task', `${ledger.counters.submits} / ${ledger.counters.submitsReturnedActive}`],
    ['submits that reaped a stale task first', ledger.counters.admissionReaps],
    ['submits skipped (database behind, backpressure)', ledger.counters.submitsSkipped],
    ['retries / refused (illegal_state) / answered with the earlier retry', `${ledger.counters.retries} / ${ledger.counters.retriesRefused} / ${ledger.counters.retriesReturnedEarlier}`],
    ['cancel requests / honoured / ignored', `${ledger.counters.cancelRequests} / ${ledger.counters.cancelsHonoured} / ${ledger.counters.cancelsIgnored}`],
    ['duplicate claims lost', ledger.counters.duplicateClaimsLost],
    ['stale writes refused', ledger.counters.staleWritesRefused],
    ['accepted heartbeats', ledger.counters.heartbeats],
    [`longest wait between a worker's beats, ms (timeout ${SOAK_THRESHOLDS.heartbeatTimeoutMs})`, Math.round(maxBeatGapMs(result))],
    ['exclusive-rule samples / max active rows seen', `${result.exclusive.samples} / ${result.exclusive.maxActive}`],
    ...Object.entries(result.extensionFigures).map(([k, n]): [string, number] => [k, n]),
  ]));
  out.push('');
  out.push(violationCount(result) === 0 ? 'soak: PASS (0 violations)' : `soak: FAIL (${violationCount(result)} violations)`);
  return out.join('\n');
}
