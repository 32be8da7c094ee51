#!/usr/bin/env node
// `pnpm --filter @unstuck/example-next-app bench`: the demo's cold start and its first-load JS.
// Needs a production build (`next build`). Starts `next start` three times on a FRESH PGlite data
// folder (first visit: unpacked from the template `pnpm build` writes) and three times on a WARM one (a later start),
// timing spawn → first 200 for `/`; then adds up the gzip size of the scripts `/` loads.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const next = join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next');
const runs = Number(process.env.RUNS ?? 3);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function coldStart(dataDir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: appDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', UNSTUCK_DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  let html = '';
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        if (response.status === 200) {
          html = await response.text();
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { ms: performance.now() - started, html };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const root = mkdtempSync(join(tmpdir(), 'unstuck-cold-'));
const fresh = [];
const warm = [];
let html = '';
for (let i = 0; i < runs; i += 1) {
  const dir = join(root, `run${i}`);
  const first = await coldStart(dir);
  fresh.push(first.ms);
  html = first.html;
  warm.push((await coldStart(dir)).ms);
}
rmSync(root, { recursive: true, force: true });

// Every script tag and script preload of `/`, except the `noModule` polyfills modern browsers skip.
const tags = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(\/_next\/static\/[^"]+\.js)"[^>]*>/g)];
const scripts = [...new Set(tags.filter((m) => !/noModule/i.test(m[0])).map((m) => m[1]))];
let raw = 0;
let gz = 0;
for (const src of scripts) {
  const bytes = readFileSync(join(appDir, '.next', src.replace('/_next/', '')));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log(`cold start, fresh data folder (unpacked from the migrated template): median ${s(median(fresh))} [${fresh.map(s).join(', ')}]`);
console.log(`cold start, existing data folder: median ${s(median(warm))} [${warm.map(s).join(', ')}]`);
console.log(`first-load JS for /: ${scripts.length} scripts, ${(raw / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzip`);
