import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { startApp, type RunningApp } from './server';

/** The running demo and a Chromium, for the tests of one file (set once its `beforeAll` has run). */
export interface DemoInBrowser {
  readonly app: RunningApp;
  readonly browser: Browser;
}

/**
 * Starts `next start` on a fresh PGlite folder and a Chromium before the file's tests, and stops
 * both after them. Nothing starts when the browser is `missing` (the suites skip themselves then).
 */
export function demoInBrowser(missing: string | null): DemoInBrowser {
  const demo: { app?: RunningApp; browser?: Browser } = {};
  beforeAll(async () => {
    if (missing) return;
    [demo.app, demo.browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await demo.browser?.close();
    await demo.app?.stop();
  });
  return demo as DemoInBrowser;
}
