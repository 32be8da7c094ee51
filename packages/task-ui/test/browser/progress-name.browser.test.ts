// Two cards' progress bars at the same percent, in Chromium's own accessibility tree (what a
// screen reader is given): each is named after its card, where both used to be "Progress".
import type { CDPSession, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStory, runAxe } from '../../scripts/storybook-browser.mjs';
import { skipBrowserPass, useStorybookPass } from './storybook-pass';

const STORY = 'taskcard-states--two-in-a-list';

interface AXNode { role?: { value?: string }; name?: { value?: string }; value?: { value?: unknown } }

describe.skipIf(skipBrowserPass('progress names'))("a card's progress bar in Chromium", () => {
  const pass = useStorybookPass();
  let page: Page;
  let cdp: CDPSession;
  beforeAll(async () => {
    page = await pass.newPage();
    cdp = await page.context().newCDPSession(page);
    await openStory(page, pass.url, STORY);
  });

  it("is named after its card in Chromium's accessibility tree, one name per card", async () => {
    await cdp.send('Accessibility.enable');
    const { nodes } = await cdp.send('Accessibility.getFullAXTree') as { nodes: AXNode[] };
    const bars = nodes.filter((node) => node.role?.value === 'progressbar').map((node) => ({
      name: node.name?.value,
      value: node.value?.value,
    }));
    expect(bars).toEqual([
      { name: 'Image generation Progress', value: 45 },
      { name: 'Video export Progress', value: 45 },
    ]);
  }, 120_000);

  it('is found by its name through playwright, and in the aria snapshot', async () => {
    expect(await page.getByRole('progressbar', { name: 'Image generation Progress', exact: true }).count()).toBe(1);
    expect(await page.getByRole('progressbar', { name: 'Video export Progress', exact: true }).count()).toBe(1);
    const snapshot = await page.locator('#storybook-root').ariaSnapshot();
    expect(snapshot).toContain('progressbar "Image generation Progress"');
    expect(snapshot).toContain('progressbar "Video export Progress"');
  }, 120_000);

  it('passes axe, colour contrast included', async () => {
    expect(await runAxe(page)).toEqual([]);
  }, 120_000);
});
