import type { ElementHandle, Page } from 'playwright-core';
import { describe, test, type ExpectStatic } from 'vitest';
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

/**
 * Records, across client-side navigations, each text the task page's note region shows, with the
 * number of the region element showing it (a new element when the page remounts it): a screen
 * reader reads a text put into a region already in the page, often not one inserted with its text.
 */
async function recordTaskNotes(page: Page): Promise<() => Promise<Array<{ region: number; text: string }>>> {
  await page.evaluate(() => {
    const seen: Array<{ region: number; text: string }> = [];
    let region: Element | null = null;
    let count = 0;
    const look = () => {
      const now = document.querySelector('[data-testid="task-note"]');
      if (!now) return;
      if (now !== region) [region, count] = [now, count + 1];
      const last = seen[seen.length - 1];
      const text = now.textContent ?? '';
      if (!last || last.region !== count || last.text !== text) seen.push({ region: count, text });
    };
    look();
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
    Object.assign(window, { unstuckTaskNotes: seen });
  });
  return () => page.evaluate(() => (window as unknown as { unstuckTaskNotes: Array<{ region: number; text: string }> }).unstuckTaskNotes);
}

/** Asserts that `text` was shown once, put into a region that was in the page, empty, before it. */
function shownOnceInARegionAlreadyThere(expect: ExpectStatic, notes: Array<{ region: number; text: string }>, text: string): void {
  const shown = notes.filter((note) => note.text === text);
  expect(shown, JSON.stringify(notes)).toHaveLength(1);
  expect(notes.find((note) => note.region === shown[0]!.region)?.text, JSON.stringify(notes)).toBe('');
}

/** Starts an image task that fails ("Fails with an error") on the generator, and resolves with its id once it has. */
async function failedImageTask(page: Page, expect: ExpectStatic): Promise<string> {
  await page.goto('/');
  await startTask(page, /^Fails with an error/, 'Generate an image');
  await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 25_000 }).toBe('failed');
  return slotTaskId(page, IMAGE);
}

/** Presses Retry on the page of task `failed` and resolves with the id of the task it opened. */
async function retryOnItsPage(page: Page, failed: string): Promise<string> {
  await page.getByTestId('task-view').getByRole('button', { name: 'Retry' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith(failed), { timeout: 10_000 });
  return page.url().split('/').pop()!;
}

/** The user's tasks that retry `id`, read through the API. */
async function retriesOf(page: Page, id: string): Promise<number> {
  const response = await page.context().request.get('/api/tasks?limit=50');
  return ((await response.json()) as { tasks: Array<{ retry_of: string | null }> }).tasks.filter((t) => t.retry_of === id).length;
}

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

  test('Retry on a failed task while another of its type runs opens that one and says why, once, and not once it has ended', async ({ expect }) => {
    await asUser('retry-opens-active', async (page) => {
      const failed = await failedImageTask(page, expect);
      await startTask(page, /^Slow but alive/, 'Generate an image');
      await expect.poll(() => slotTaskId(page, IMAGE), { timeout: 10_000 }).not.toBe(failed);
      const active = await slotTaskId(page, IMAGE);

      await page.goto(`/tasks/${failed}`);
      const notes = await recordTaskNotes(page);
      const opened = await retryOnItsPage(page, failed);
      expect(opened).toBe(active); // no second image task: one at a time
      const note = page.getByTestId('task-note');
      const why = 'You already have an active image task: one at a time, so Retry opened it instead of starting another.';
      await expect.poll(() => note.textContent(), { timeout: 10_000 }).toBe(why);
      expect(await retriesOf(page, failed)).toBe(0);
      // Focus goes where it went after any Retry on this page: the card's heading, not the note.
      await expect.poll(() => page.evaluate(() => document.activeElement?.className ?? ''), { timeout: 5_000 }).toContain('unstuck-card-title');
      shownOnceInARegionAlreadyThere(expect, await notes(), why);

      // "You already have an active task" is only true while it runs.
      await expect.poll(() => page.getByTestId('task-view').locator('.unstuck-card').getAttribute('data-state'), { timeout: 40_000 }).toBe('completed');
      await expect.poll(() => note.textContent(), { timeout: 2_000 }).toBe('');
    });
  });

  test('Retry on the page of a task retried in another tab opens that retry and says so', async ({ expect }) => {
    await asUser('retry-opens-earlier-retry', async (page) => {
      const failed = await failedImageTask(page, expect);
      await page.goto(`/tasks/${failed}`);
      // The other tab: the same user retries it through the API while this page still offers Retry.
      const elsewhere = await page.context().request.post(`/api/tasks/${failed}/retry`, { data: {} });
      expect(elsewhere.status()).toBe(201);
      const retry = ((await elsewhere.json()) as { task: { id: string } }).task.id;
      const notes = await recordTaskNotes(page);
      expect(await retryOnItsPage(page, failed)).toBe(retry);
      const why = 'This task had already been retried (in another tab?), so here is that retry instead of a second run.';
      await expect.poll(() => page.getByTestId('task-note').textContent(), { timeout: 10_000 }).toBe(why);
      expect(await retriesOf(page, failed)).toBe(1);
      shownOnceInARegionAlreadyThere(expect, await notes(), why);
    });
  });
});
