import type { ElementHandle, Page } from 'playwright-core';
import { describe, test } from 'vitest';
import { newUser, screenshotOnFailure, startTask } from './browser';
import { browserMissingReason } from './env';
import { demoInBrowser } from './suite';

// One active task per type and user: what the demo says when a press meets the task that is
// already active, after a Cancel that the worker has not carried out yet, and after a Retry.
// Demo thresholds (lib/demo-types.ts): cancel grace 5 s, the reaper runs every second.
const missing = browserMissingReason();
if (missing) console.warn(`[next-app e2e] one-active-task skipped: ${missing}`);

const demo = demoInBrowser(missing);
const IMAGE = 'slot-demo_image';
const card = (page: Page, slot: string) => page.getByTestId(slot).locator('.unstuck-card');

async function asUser(name: string, run: (page: Page) => Promise<void>): Promise<void> {
  const { context, page } = await newUser(demo.browser, demo.app.url);
  try {
    await screenshotOnFailure(page, `one-active-${name}`, () => run(page));
  } finally {
    await context.close();
  }
}

/** The id of the task a slot's card shows. */
async function slotTaskId(page: Page, slot: string): Promise<string> {
  const href = await card(page, slot).getByRole('link', { name: 'Details and timeline' }).getAttribute('href');
  return href!.split('/').pop()!;
}

/** The slot's own live region (not the card's), in the page before any note is put into it. */
function slotRegion(page: Page, slot: string): Promise<ElementHandle<HTMLElement | SVGElement>> {
  return page.getByTestId(slot).locator('[role="status"]:not(.unstuck-card *)').elementHandle({ timeout: 1_000 });
}

/**
 * Records each text a live region shows from now on (a screen reader reads each once). A text that
 * the DOM writes again, or a node replaced by an equal one, is recorded again: it would be read again.
 */
async function recordTexts(region: ElementHandle<HTMLElement | SVGElement>): Promise<() => Promise<string[]>> {
  await region.evaluate((el) => {
    const texts: string[] = [];
    Object.assign(el, { unstuckTexts: texts });
    new MutationObserver(() => texts.push(el.textContent ?? '')).observe(el, { subtree: true, childList: true, characterData: true });
  });
  return () => region.evaluate((el) => (el as unknown as { unstuckTexts: string[] }).unstuckTexts.filter((text) => text !== ''));
}

const focused = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName}: ${document.activeElement?.textContent}`);

describe.skipIf(!!missing).concurrent('one active task per type, in Chromium', () => {
  test('Generate while the task just cancelled is still stopping says it is stopping, not "already active", then says when a new one can start', async ({ expect }) => {
    await asUser('generate-while-stopping', async (page) => {
      await page.goto('/');
      // A worker that ignores the cancel: the row stays active until the reaper ends it, 5 s after the cancel.
      await startTask(page, /^Ignores cancellation/, 'Generate an image');
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 15_000 }).toBe('processing');
      const cancelled = await slotTaskId(page, IMAGE);
      const region = await slotRegion(page, IMAGE);
      const said = await recordTexts(region);
      await card(page, IMAGE).getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 10_000 }).toBe('cancelling');

      const generate = page.getByRole('button', { name: 'Generate an image' });
      await generate.click();
      await expect
        .poll(() => region.textContent(), { timeout: 10_000 })
        .toBe('The image task you cancelled is still stopping: one at a time, so a new one can start once it has, at the latest 5 s after your cancel.');
      expect(await slotTaskId(page, IMAGE)).toBe(cancelled);

      // The reaper ends it after the grace; then the slot says the way is clear.
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 20_000 }).toBe('cancelled');
      await expect.poll(() => region.textContent(), { timeout: 2_000 }).toBe('The image task you cancelled has ended: you can start a new one now.');
      expect(await said()).toEqual([
        'The image task you cancelled is still stopping: one at a time, so a new one can start once it has, at the latest 5 s after your cancel.',
        'The image task you cancelled has ended: you can start a new one now.',
      ]);
      expect(await focused(page)).toBe('BUTTON: Generate an image'); // the note came to the user, focus stayed

      // And so it can: the next press starts a new task, and the note goes.
      await generate.click();
      await expect.poll(() => slotTaskId(page, IMAGE), { timeout: 10_000 }).not.toBe(cancelled);
      await expect(region.textContent()).resolves.toBe('');
    });
  });
});
