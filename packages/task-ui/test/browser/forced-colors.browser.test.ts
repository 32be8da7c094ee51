// Windows High Contrast / forced colours: the browser replaces author background colours with
// the system Canvas colour, so a progress fill drawn only with `background` disappears.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, openStory, serveStorybook, staticDir } from '../../scripts/storybook-browser.mjs';

const required = process.env.UNSTUCK_REQUIRE_BROWSER === '1';
const missing = !existsSync(chromiumPath) ? `no Chromium at ${chromiumPath}`
  : !existsSync(join(staticDir, 'index.json')) ? 'storybook-static is not built' : null;
if (missing && !required) console.log(`[browser forced colors] skipped: ${missing}`);

describe.skipIf(missing !== null && !required)('forced colors in Chromium', () => {
  let server: Awaited<ReturnType<typeof serveStorybook>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (missing) throw new Error(`UNSTUCK_REQUIRE_BROWSER=1 but ${missing}`);
    server = await serveStorybook();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 520, height: 400 }, forcedColors: 'active', reducedMotion: 'reduce' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the progress fill distinguishable from its track', async () => {
    await openStory(page, server.url, 'taskcard-states--processing-with-progress');
    const colours = await page.evaluate(() => {
      const bg = (selector: string) => getComputedStyle(document.querySelector(selector)!).backgroundColor;
      return { track: bg('.unstuck-progress-track'), bar: bg('.unstuck-progress-bar') };
    });
    expect(colours.bar).not.toBe(colours.track);
  }, 120_000);
});
