// Another task's id in a timeline: the whole id is its text (what screen readers read and a
// selection copies), shown as its first 8 characters until pointed at or, as a link, focused
// from the keyboard. A title tooltip did this for mouse users only.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStory } from '../../scripts/storybook-browser.mjs';
import { skipBrowserPass, useStorybookPass } from './storybook-pass';

const RETRIED = '3f2a1b2c-9d8e-4f70-8a61-52b3c4d5e6f7'; // parts--timeline, not linked
const RETRY_OF = '6c1f3f5e-2a40-4c59-9a3e-0f1d2b7c9a10'; // parts--timeline-of-a-retry, linked

/** How many characters of the id show: its box's width over one character's. */
const shownCharacters = (page: Page) => page.evaluate(() => {
  const code = document.querySelector<HTMLElement>('.unstuck-task-id')!;
  return Math.round(code.clientWidth / (code.scrollWidth / code.textContent!.length));
});

describe.skipIf(skipBrowserPass('task id'))("another task's id in Chromium", () => {
  const pass = useStorybookPass();
  let page: Page;
  beforeAll(async () => {
    page = await pass.newPage();
  });

  it('shows 8 characters, reads and copies the whole id, and shows it on hover', async () => {
    await openStory(page, pass.url, 'parts--timeline');
    expect(await shownCharacters(page)).toBe(8);
    const selected = await page.evaluate(() => {
      getSelection()!.selectAllChildren(document.querySelector('.unstuck-task-id')!.closest('li')!);
      return getSelection()!.toString();
    });
    expect(selected).toContain(`as ${RETRIED}`);
    await page.evaluate(() => getSelection()!.removeAllRanges());
    const box = (await page.locator('.unstuck-task-id').boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    expect(await shownCharacters(page)).toBe(36);
  }, 120_000);

  it('names the link by the whole id, in one piece, and shows it all while the link has keyboard focus', async () => {
    await page.mouse.move(0, 0);
    await openStory(page, pass.url, 'parts--timeline-of-a-retry');
    expect(await page.getByRole('link', { name: RETRY_OF, exact: true }).count()).toBe(1);
    expect(await shownCharacters(page)).toBe(8);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('unstuck-link');
    expect(await shownCharacters(page)).toBe(36);
  }, 120_000);

  it('shows the start of the id in a right-to-left page too', async () => {
    await page.mouse.move(0, 0);
    await openStory(page, pass.url, 'parts--timeline');
    const start = await page.evaluate(() => {
      document.documentElement.dir = 'rtl';
      const code = document.querySelector<HTMLElement>('.unstuck-task-id')!;
      const range = document.createRange();
      range.setStart(code.firstChild!, 0);
      range.setEnd(code.firstChild!, 1);
      // The first character sits inside the box's shown part.
      const first = range.getBoundingClientRect();
      const box = code.getBoundingClientRect();
      return first.left >= box.left - 0.5 && first.right <= box.right + 0.5;
    });
    expect(start).toBe(true);
  }, 120_000);
});
