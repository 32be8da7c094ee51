// Right-to-left pages (Arabic, Hebrew): the progress fill and the timeline rule must start on
// the right, where reading starts.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStory } from '../../scripts/storybook-browser.mjs';
import { skipBrowserPass, useStorybookPass } from './storybook-pass';

describe.skipIf(skipBrowserPass('rtl'))('right-to-left in Chromium', () => {
  const pass = useStorybookPass();
  let page: Page;
  beforeAll(async () => {
    page = await pass.newPage();
  });

  it('fills a determinate bar from the right', async () => {
    await openStory(page, pass.url, 'taskcard-states--processing-with-progress');
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
    await openStory(page, pass.url, 'parts--timeline');
    const border = await page.evaluate(() => {
      document.documentElement.dir = 'rtl';
      const style = getComputedStyle(document.querySelector('.unstuck-timeline-list')!);
      return { right: style.borderRightWidth, left: style.borderLeftWidth };
    });
    expect(border).toEqual({ right: '2px', left: '0px' });
  }, 120_000);
});
