// Shared vitest settings: every package writes a JSON report that tools/ci/run-tests.mjs adds up
// into the one summary line CI reads.
import { basename } from 'node:path';

export function reporters(packageDir: string): Array<string | [string, Record<string, unknown>]> {
  const dir = process.env.UNSTUCK_REPORTS;
  if (!dir) return ['default'];
  return ['default', ['json', { outputFile: `${dir}/${basename(packageDir)}-${process.pid}.json` }]];
}
