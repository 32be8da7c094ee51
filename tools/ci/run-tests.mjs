#!/usr/bin/env node
// The README's test command: builds the packages, then runs every package's typecheck, lint and
// tests one package at a time (two cores: parallel suites only fight over the database and CPU),
// then the package checks (publint, attw, size budget). It ends with one plain summary line
// ("tests: N passed, N failed, N skipped") added up from every vitest JSON report.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const reports = join(root, '.reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const steps = [
  ['build', ['run', 'build']],
  ['typecheck', ['-r', '--workspace-concurrency=1', 'run', 'typecheck']],
  ['lint', ['-r', '--workspace-concurrency=1', 'run', 'lint']],
  ['test', ['-r', '--workspace-concurrency=1', '--no-bail', 'run', 'test']],
  ['package checks', ['-r', '--workspace-concurrency=1', '--no-bail', 'run', 'check']],
];

// Under `npx pnpm …` there is no pnpm on PATH: call the same pnpm that runs this script.
const execPath = process.env.npm_execpath;
const pnpm = execPath && /pnpm/.test(execPath) ? [process.execPath, execPath] : ['pnpm'];

const failedSteps = [];
for (const [name, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name}: pnpm ${args.join(' ')}`);
  const run = spawnSync(pnpm[0], [...pnpm.slice(1), ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, UNSTUCK_REPORTS: reports } });
  console.log(`=== ${name}: ${run.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (run.status !== 0) failedSteps.push(name);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(reports).filter((f) => f.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(reports, file), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (failedSteps.length > 0) console.log(`\nfailed steps: ${failedSteps.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
