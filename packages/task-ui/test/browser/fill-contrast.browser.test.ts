// The progress fill is what shows how far a task got: against its track it needs 3:1 (WCAG
// 1.4.11, non-text contrast), in both schemes and in every state, the stuck one included (it was
// drawn in the warning's border colour, 1.5:1 on the light track). axe checks text only.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openStory } from '../../scripts/storybook-browser.mjs';
import { skipBrowserPass, useStorybookPass } from './storybook-pass';

const STORIES = ['processing-with-progress', 'slow', 'stuck-processing', 'running-too-long', 'cancel-not-acknowledged'];

describe.skipIf(skipBrowserPass('fill contrast'))('the progress fill against its track in Chromium', () => {
  const pass = useStorybookPass();
  const pages = new Map<string, Page>();
  beforeAll(async () => {
    for (const scheme of ['light', 'dark'] as const) pages.set(scheme, await pass.newPage({ colorScheme: scheme }));
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has 3:1 or more in every running state (${scheme})`, async () => {
      const page = pages.get(scheme)!;
      const ratios: Record<string, number> = {};
      for (const story of STORIES) {
        await openStory(page, pass.url, `taskcard-states--${story}`);
        ratios[story] = await page.evaluate(() => {
          const luminance = (color: string) => {
            const [r, g, b] = color.match(/[\d.]+/g)!.slice(0, 3).map((v) => {
              const c = Number(v) / 255;
              return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
          };
          const bar = document.querySelector('.unstuck-progress-bar')!;
          const [a, b] = [getComputedStyle(bar).backgroundColor, getComputedStyle(bar.parentElement!).backgroundColor].map(luminance);
          return Math.round(((Math.max(a!, b!) + 0.05) / (Math.min(a!, b!) + 0.05)) * 100) / 100;
        });
      }
      const low = Object.entries(ratios).filter(([, ratio]) => ratio < 3);
      expect(low).toEqual([]);
    }, 120_000);
  }
});
