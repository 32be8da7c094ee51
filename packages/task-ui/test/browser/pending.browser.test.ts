// A pending task has no worker yet: its bar must stand still and empty in a real browser, with
// or without reduced motion, while a running task without progress keeps its sliding bar.
import { describe, expect, it } from 'vitest';
import { openStory } from '../../scripts/storybook-browser.mjs';
import { skipBrowserPass, useStorybookPass } from './storybook-pass';

describe.skipIf(skipBrowserPass('pending'))('a pending task in Chromium', () => {
  const pass = useStorybookPass();

  const bar = async (story: string, reducedMotion: 'reduce' | 'no-preference') => {
    const page = await pass.newPage({ reducedMotion });
    try {
      await openStory(page, pass.url, story);
      return await page.evaluate(() => {
        const el = document.querySelector('.unstuck-progress-bar')!;
        const style = getComputedStyle(el);
        return { animation: style.animationName, width: Math.round(el.getBoundingClientRect().width) };
      });
    } finally {
      await page.close();
    }
  };

  for (const motion of ['no-preference', 'reduce'] as const) {
    it(`draws no animation and no fill (${motion} motion)`, async () => {
      expect(await bar('taskcard-states--pending', motion)).toEqual({ animation: 'none', width: 0 });
    }, 120_000);
  }

  it('still slides for a running task without progress', async () => {
    expect((await bar('taskcard-states--processing-without-progress', 'no-preference')).animation).toBe('unstuck-slide');
  }, 120_000);
});
