import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app's folder (examples/next-app). */
export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.UNSTUCK_CHROMIUM ?? '/usr/bin/chromium';
/** Ignored by git (root .gitignore: test-results/). */
export const SCREENSHOT_DIR = join(APP_DIR, 'test-results', 'screenshots');

/** Launch flags that work for Debian's Chromium here (docs: /work/shared/TOOLCHAIN.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser suites cannot run here, or null when they can. */
export function browserMissingReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
  if (process.env.UNSTUCK_REQUIRE_BROWSER === '1') throw new Error(`${reason}; UNSTUCK_REQUIRE_BROWSER=1 forbids skipping`);
  return reason;
}
