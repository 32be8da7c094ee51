// Shared vitest settings: every package writes a JSON report that tools/ci/run-tests.mjs adds up
// into the one summary line CI reads.
import { basename } from 'node:path';

// A package with a second run (its peer-floor config) names it, so each run has a report of its own.
export function reporters(packageDir: string, run?: string): Array<string | [string, Record<string, unknown>]> {
  const dir = process.env.UNSTUCK_REPORTS;
  if (!dir) return ['default'];
  const name = [basename(packageDir), run, process.pid].filter(Boolean).join('-');
  return ['default', ['json', { outputFile: `${dir}/${name}.json` }]];
}
