// What every Chromium file over the built Storybook shares: whether the pass can run here (with
// UNSTUCK_REQUIRE_BROWSER=1 a missing piece is a failure, not a skip), and one static server and
// one browser per file, opened before its tests and closed after.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { chromiumPath, launchChromium, serveStorybook, staticDir } from '../../scripts/storybook-browser.mjs';

const required = process.env.UNSTUCK_REQUIRE_BROWSER === '1';

/** Why the pass cannot run here, or null. */
export const browserMissing: string | null = !existsSync(chromiumPath) ? `no Chromium at ${chromiumPath}`
  : !existsSync(join(staticDir, 'index.json')) ? 'storybook-static is not built' : null;

/** True when `label`'s suite should be skipped (and says so); never under UNSTUCK_REQUIRE_BROWSER=1. */
export function skipBrowserPass(label: string): boolean {
  if (browserMissing && !required) console.log(`[browser ${label}] skipped: ${browserMissing}`);
  return browserMissing !== null && !required;
}

export interface StorybookPass {
  /** The static Storybook's base URL. */
  readonly url: string;
  readonly browser: Browser;
  /** A page at the size every pass uses, reduced motion on, with `options` on top. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** Registers the file's beforeAll / afterAll; use the result inside tests and later hooks. */
export function useStorybookPass(): StorybookPass {
  let server: Awaited<ReturnType<typeof serveStorybook>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (browserMissing) throw new Error(`UNSTUCK_REQUIRE_BROWSER=1 but ${browserMissing}`);
    server = await serveStorybook();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get url() {
      return server!.url;
    },
    get browser() {
      return browser!;
    },
    newPage: (options = {}) => browser!.newPage({ viewport: { width: 520, height: 400 }, reducedMotion: 'reduce', ...options }),
  };
}
