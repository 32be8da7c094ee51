import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP_DIR, browserMissingReason } from './env';

/** The migrated PGlite template every fresh data folder is unpacked from (what `pnpm build` writes too). */
function ensureTemplate(): void {
  const tsx = join(APP_DIR, '..', '..', 'node_modules', '.bin', 'tsx');
  const run = spawnSync(tsx, ['scripts/pglite-template.ts'], { cwd: APP_DIR, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`PGlite template failed:\n${run.stdout}\n${run.stderr}`);
  console.info(`[next-app e2e] ${run.stdout.trim()}`);
}

/**
 * Builds the app once for every browser suite (`next build`, production mode), unless Chromium
 * is missing (then the suites skip and say why). `UNSTUCK_E2E_REUSE_BUILD=1` keeps an existing
 * build, for quick local re-runs.
 */
export default function setup(): void {
  const missing = browserMissingReason();
  if (missing) {
    console.warn(`[next-app e2e] skipping the browser suites: ${missing}`);
    return;
  }
  ensureTemplate();
  if (process.env.UNSTUCK_E2E_REUSE_BUILD === '1' && existsSync(join(APP_DIR, '.next', 'BUILD_ID'))) return;
  const started = Date.now();
  const build = spawnSync(process.execPath, [join(APP_DIR, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: APP_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
  }
  console.info(`[next-app e2e] next build in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
