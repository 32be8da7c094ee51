// Very narrow containers (a sidebar, a phone at 400% zoom): nothing the components draw may stick
// out of them sideways. A worker's message without a place to break (a URL) wrapped inside a
// card, which sets overflow-wrap, but ran out of a TaskProgress used on its own; a badge that
// never wrapped ("Cancelling · stuck") ran out of a card narrower than it.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { listStories, openStory } from '../../scripts/storybook-browser.mjs';
import { skipBrowserPass, useStorybookPass } from './storybook-pass';

/**
 * What is drawn past the story's container (its `main`) once that is `width` px wide: elements,
 * and elements whose text runs out of them.
 */
const overflowing = (page: Page, width: number) => page.evaluate((w) => {
  const main = document.querySelector<HTMLElement>('#storybook-root main')!;
  main.style.width = `${w}px`;
  const box = main.getBoundingClientRect();
  return [...main.querySelectorAll<HTMLElement>('*')]
    .filter((el) => !el.closest('.unstuck-visually-hidden'))
    .filter((el) => {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0) return false;
      // Text may only be cut where that is the design (a linked task id clipped to 8 characters).
      const runsOut = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible';
      return rect.right > box.right + 0.5 || rect.left < box.left - 0.5 || runsOut;
    })
    .map((el) => el.className || el.tagName);
}, width);

describe.skipIf(skipBrowserPass('narrow'))('narrow containers in Chromium', () => {
  const pass = useStorybookPass();
  let page: Page;
  beforeAll(async () => {
    page = await pass.newPage();
  });

  it("keeps a TaskProgress's unbroken message inside it", async () => {
    await openStory(page, pass.url, 'parts--progress-long-message');
    for (const width of [440, 200]) expect({ width, overflowing: await overflowing(page, width) }).toEqual({ width, overflowing: [] });
  }, 120_000);

  it('draws nothing of any story past a 200 px or a 160 px container', async () => {
    const found: string[] = [];
    for (const story of listStories().filter((s) => !s.id.startsWith('live-'))) {
      await openStory(page, pass.url, story.id);
      for (const width of [200, 160]) {
        const out = await overflowing(page, width);
        if (out.length) found.push(`${story.id} @${width}: ${out.join(', ')}`);
      }
    }
    expect(found).toEqual([]);
  }, 120_000);
});
