// Right-to-left pages (Arabic, Hebrew): the progress fill and the timeline rule must start on
// the right, where reading starts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, openStory, serveStorybook, staticDir } from '../../scripts/storybook-browser.mjs';

const required = process.env.UNSTUCK_REQUIRE_BROWSER === '1';
const missing = !existsSync(chromiumPath) ? `no Chromium at ${chromiumPath}`
  : !existsSync(join(staticDir, 'index.json')) ? 'storybook-static is not built' : null;
if (missing && !required) console.log(`[browser rtl] skipped: ${missing}`);

describe.skipIf(missing !== null && !required)('right-to-left in Chromium', () => {
  let server: Awaited<ReturnType<typeof serveStorybook>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (missing) throw new Error(`UNSTUCK_REQUIRE_BROWSER=1 but ${missing}`);
    server = await serveStorybook();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 520, height: 400 }, reducedMotion: 'reduce' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('fills a determinate bar from the right', async () => {
    await openStory(page, server.url, 'taskcard-states--processing-with-progress');
    const edges = await page.evaluate(() => {
      document.documentElement.dir = 'rtl';
      const track = document.querySelector('.unstuck-progress-track')!.getBoundingClientRect();
      const bar = document.querySelector('.unstuck-progress-bar')!.getBoundingClientRect();
      return { trackRight: Math.round(track.right), barRight: Math.round(bar.right), trackLeft: Math.round(track.left), barLeft: Math.round(bar.left) };
    });
    expect(edges.barRight).toBe(edges.trackRight);
    expect(edges.barLeft).toBeGreaterThan(edges.trackLeft);
  }, 120_000);

  it('draws the timeline rule on the right', async () => {
    await openStory(page, server.url, 'parts--timeline');
    const border = await page.evaluate(() => {
      document.documentElement.dir = 'rtl';
      const style = getComputedStyle(document.querySelector('.unstuck-timeline-list')!);
      return { right: style.borderRightWidth, left: style.borderLeftWidth };
    });
    expect(border).toEqual({ right: '2px', left: '0px' });
  }, 120_000);
});
