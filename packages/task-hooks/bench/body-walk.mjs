// How long the handler's body check (src/server/body-depth.ts) blocks the event loop on a 1 MiB
// body of many small objects, beside the JSON.parse it follows: both run synchronously on every
// POST, so the check should cost about what parsing does, not many times it. Not part of
// `pnpm test` (timings are no assertion on a shared machine). Run: node bench/body-walk.mjs
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const pkg = new URL('..', import.meta.url).pathname;
// esbuild, through tsup (a dev dependency), turns the TypeScript module into one we can import.
const fromPkg = createRequire(join(pkg, 'package.json'));
const { build } = createRequire(fromPkg.resolve('tsup'))('esbuild');
const dir = mkdtempSync(join(tmpdir(), 'unstuck-body-walk-'));
const outfile = join(dir, 'body-depth.mjs');
await build({ entryPoints: [join(pkg, 'src/server/body-depth.ts')], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'silent' });
const { assertBodyDepth } = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });

// Rows as a task's input might hold them, until the text is just under the handler's 1 MiB cap.
const rows = [];
let text = '';
for (let i = 0; text.length < 1_000_000; i++) {
  rows.push({ i, t: ['a', 1], p: { x: i % 7 } });
  if (i % 500 === 0) text = JSON.stringify({ type: 'report', payload: { rows } });
}
text = JSON.stringify({ type: 'report', payload: { rows } });

const median = (run) => {
  const times = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[15];
};
const body = JSON.parse(text);
// The first call, cold, as a server that has just started (or rarely sees a large body) runs it.
const start = performance.now();
assertBodyDepth(body);
const cold = performance.now() - start;
console.log(`body: ${(text.length / 1024).toFixed(0)} KiB, ${rows.length} rows`);
console.log(`assertBodyDepth, first call: ${cold.toFixed(1)} ms`);
console.log(`JSON.parse:      ${median(() => JSON.parse(text)).toFixed(1)} ms (median of 30)`);
console.log(`assertBodyDepth: ${median(() => assertBodyDepth(body)).toFixed(1)} ms (median of 30)`);
