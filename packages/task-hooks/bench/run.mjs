#!/usr/bin/env node
// `pnpm --filter @unstuck/task-hooks bench`: the request/render bench (vitest, fake timers), then
// the bundle size of the built main entry. Not part of `pnpm test`.
import { spawnSync } from 'node:child_process';

const pkg = new URL('..', import.meta.url).pathname;
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: pkg, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npx', ['vitest', 'run', '--config', 'bench/vitest.config.ts', '--silent=false', '--reporter=dot']);
run('pnpm', ['run', '--silent', 'build']); // empties dist/ first, like the published build
run('node', ['bench/size.mjs', '--anchors']);
