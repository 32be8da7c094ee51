// Windows High Contrast / forced colours: the browser replaces author background colours with
// the system Canvas colour, so a progress fill drawn only with `background` disappears.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStory } from '../../scripts/storybook-browser.mjs';
import { skipBrowserPass, useStorybookPass } from './storybook-pass';

describe.skipIf(skipBrowserPass('forced colors'))('forced colors in Chromium', () => {
  const pass = useStorybookPass();
  let page: Page;
  beforeAll(async () => {
    page = await pass.newPage({ forcedColors: 'active' });
  });

  it('keeps the progress fill distinguishable from its track', async () => {
    await openStory(page, pass.url, 'taskcard-states--processing-with-progress');
    const colours = await page.evaluate(() => {
      const bg = (selector: string) => getComputedStyle(document.querySelector(selector)!).backgroundColor;
      return { track: bg('.unstuck-progress-track'), bar: bg('.unstuck-progress-bar') };
    });
    expect(colours.bar).not.toBe(colours.track);
  }, 120_000);
});
