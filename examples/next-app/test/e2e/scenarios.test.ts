import type { Page, Route } from 'playwright-core';
import { describe, test } from 'vitest';
import { cardSamples, newUser, recordClockSamples, screenshotOnFailure, startTask, type CardSample } from './browser';
import { browserMissingReason } from './env';
import { demoInBrowser } from './suite';

// Every worker scenario of the generator page, each as its own demo user (browser context), all
// at once against one `next start` on a fresh PGlite folder. Demo thresholds (lib/demo-types.ts):
// warn after 3 s, reaper at 8 s, cancel grace 5 s; the reaper runs every second.
const missing = browserMissingReason();
if (missing) console.warn(`[next-app e2e] scenarios skipped: ${missing}`);

const demo = demoInBrowser(missing);

const IMAGE = 'slot-demo_image';
const REPORT = 'slot-demo_report';
const card = (page: Page, slot: string) => page.getByTestId(slot).locator('.unstuck-card');

async function scenario(name: string, run: (page: Page, clockError: () => number) => Promise<void>): Promise<void> {
  const { context, page } = await newUser(demo.browser, demo.app.url);
  const clockError = recordClockSamples(page);
  try {
    await page.goto('/');
    await screenshotOnFailure(page, name, () => run(page, clockError));
  } finally {
    await context.close();
  }
}

const firstWall = (samples: CardSample[], predicate: (s: CardSample) => boolean) => samples.find(predicate)?.w;

/** The task a slot's card shows, read through the API as that user (the truth, not the UI). */
async function taskOf(page: Page, slot: string): Promise<Record<string, string | null>> {
  const href = await card(page, slot).getByRole('link', { name: 'Details and timeline' }).getAttribute('href');
  const response = await page.context().request.get(`/api/tasks?ids=${href!.split('/').pop()}`);
  return ((await response.json()) as { tasks: Array<Record<string, string | null>> }).tasks[0]!;
}

// Timing-sensitive scenarios first, with only three pages open, so the measured delays are the
// app's and not a crowded CPU's.
// Retried once: the worker runs inside the same `next start` process as the pages' API on this
// 2-core machine, so a CPU-starved run can delay a real heartbeat past the 3 s warning (a true
// "slow"), which these bounds cannot tell from a false one. A failure twice in a row is a failure.
describe.skipIf(!!missing).concurrent('worker scenarios in Chromium: timing', { retry: 1 }, () => {
  test('succeeds: progress, then completed', async ({ expect }) => {
    await scenario('succeeds', async (page) => {
      await startTask(page, /^Succeeds/, 'Generate an image');
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 15_000 }).toBe('processing');
      // Progress shows while it runs (the samples record state changes only, not each progress tick).
      await expect.poll(() => card(page, IMAGE).textContent(), { timeout: 10_000 }).toMatch(/\d+%/);
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');
      await expect.poll(() => card(page, IMAGE).textContent()).toContain('Done: the result is ready.');
      // The result reads as a sentence, not as the row's raw JSON.
      await expect(card(page, IMAGE).locator('.unstuck-result').textContent()).resolves.toBe('ResultDone: the result is ready.');
    });
  });


  test('crashes before pick-up: warned within 3 s + 1 s, reaped (pending_timeout), retry succeeds', async ({ expect }) => {
    await scenario('crash-before-pickup', async (page, clockError) => {
      await startTask(page, /^Crashes before pick-up/, 'Generate an image');
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
      await expect(card(page, IMAGE).textContent()).resolves.toContain('No worker picked it up in time');
      const samples = await cardSamples(page, IMAGE);
      const task = await taskOf(page, IMAGE);
      expect(task).toMatchObject({ status: 'failed', error_code: 'pending_timeout' });
      const created = Date.parse(task.created_at!);
      const warnedAfter = firstWall(samples, (s) => s.state === 'pending' && s.health !== 'ok')! - created;
      const detail = JSON.stringify(samples.map(({ t, state, health }) => ({ t, state, health })));
      // Not before the 3 s threshold, within the page's server-clock estimate (± half its fastest sample).
      expect(warnedAfter, `${detail} clock ±${clockError()} ms`).toBeGreaterThanOrEqual(3_000 - clockError() - 50);
      expect(warnedAfter, detail).toBeLessThanOrEqual(3_000 + 1_000); // within threshold + 1 s
      expect(Date.parse(task.finished_at!) - created).toBeLessThanOrEqual(8_000 + 2_000); // reaper: 8 s, every second
      await card(page, IMAGE).getByRole('button', { name: 'Retry' }).first().click();
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');
    });
  });

  test('slow but heartbeating is never flagged', async ({ expect }) => {
    await scenario('slow-heartbeating', async (page) => {
      await startTask(page, /^Slow but alive/, 'Generate an image');
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 60_000, interval: 500 }).toBe('completed');
      const samples = (await cardSamples(page, IMAGE)).filter((s) => s.state !== null);
      expect(samples.filter((s) => s.state === 'processing').length).toBeGreaterThan(0);
      expect(samples.filter((s) => s.state === 'processing' && s.health !== 'ok')).toEqual([]);
    });
  });
});

describe.skipIf(!!missing).concurrent('worker scenarios in Chromium: the rest', () => {
  test('fails with an error, and its retry succeeds', async ({ expect }) => {
    await scenario('fails-then-retry', async (page) => {
      await startTask(page, /^Fails with an error/, 'Write a report');
      await expect.poll(() => card(page, REPORT).getAttribute('data-state'), { timeout: 25_000 }).toBe('failed');
      await expect(card(page, REPORT).textContent()).resolves.toContain('The model ran out of memory while drafting.');
      await card(page, REPORT).getByRole('button', { name: 'Retry' }).first().click();
      // The retry runs the succeeding script: its card, page and history row must not name the failing one.
      await expect.poll(() => card(page, REPORT).getByRole('heading').textContent(), { timeout: 10_000 }).toBe('Report: Succeeds (retry)');
      await expect.poll(() => card(page, REPORT).getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');
      const retry = await taskOf(page, REPORT);
      await page.goto(`/tasks/${retry.id}`);
      await expect(page.getByTestId('task-view').locator('.lead').textContent()).resolves.toMatch(/Scenario: Succeeds \(retry\)\. A retry always/);
      // Its timeline names the task it retries (8 characters shown, the link named by the whole
      // id), linked to that task's page.
      const original = page.getByTestId('task-view').locator('.unstuck-timeline').getByRole('link', { name: retry.retry_of!, exact: true });
      await expect.poll(() => original.getAttribute('href'), { timeout: 10_000 }).toBe(`/tasks/${retry.retry_of}`);
      // It is a next/link: following it navigates in the page, no full load (a mark set on this
      // window survives), and shows the task it retries.
      await page.evaluate(() => Object.assign(window, { unstuckSamePage: true }));
      await original.click();
      await page.waitForURL(`**/tasks/${retry.retry_of}`);
      await expect.poll(() => page.getByTestId('task-view').locator('.lead .mono').textContent(), { timeout: 10_000 }).toBe(retry.retry_of);
      await expect(page.evaluate(() => 'unstuckSamePage' in window)).resolves.toBe(true);
      await page.goto('/history');
      await expect(page.locator(`[data-task-id="${retry.id}"] td`).nth(2).textContent()).resolves.toBe('Succeeds (retry)');
    });
  });


  test('crashes half-way: heartbeats stop, warned within 3 s + 1 s of the last beat, then reaped (heartbeat_timeout)', async ({ expect }) => {
    await scenario('crash-midway', async (page, clockError) => {
      await startTask(page, /^Crashes half-way/, 'Write a report');
      await expect.poll(() => card(page, REPORT).getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
      const task = await taskOf(page, REPORT);
      expect(task).toMatchObject({ status: 'failed', error_code: 'heartbeat_timeout' });
      const samples = await cardSamples(page, REPORT);
      // The last beat is the row's own heartbeat_at (server clock); the warning's moment is the
      // page's clock when the card changed: the same machine's clock.
      const lastBeat = Date.parse(task.heartbeat_at!);
      // The warning that follows the last beat: a loaded server that stalled between two earlier
      // beats was rightly flagged for a moment, and recovered with the next beat (the samples say).
      const afterLastBeat = samples.filter((s) => s.w >= lastBeat - clockError());
      const warnedAfter = firstWall(afterLastBeat, (s) => s.state === 'processing' && s.health !== 'ok')! - lastBeat;
      const detail = JSON.stringify(samples.map(({ w, state, health }) => ({ w: w - lastBeat, state, health })));
      expect(warnedAfter, `${detail} clock ±${clockError()} ms`).toBeGreaterThanOrEqual(3_000 - clockError() - 50);
      expect(warnedAfter, detail).toBeLessThanOrEqual(3_000 + 1_000);
      expect(Date.parse(task.finished_at!) - lastBeat).toBeGreaterThanOrEqual(8_000); // never reaped early
    });
  });

  test('cancelling a processing task: the worker honours it', async ({ expect }) => {
    await scenario('cancel-honoured', async (page) => {
      await startTask(page, /^Slow but alive/, 'Write a report');
      await expect.poll(() => card(page, REPORT).getAttribute('data-state'), { timeout: 15_000 }).toBe('processing');
      await card(page, REPORT).getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => card(page, REPORT).getAttribute('data-state'), { timeout: 15_000 }).toBe('cancelled');
      const task = await taskOf(page, REPORT);
      // error_code 'cancelled' is the worker's acknowledgement; the reaper would write cancel_timeout.
      expect(task).toMatchObject({ status: 'cancelled', error_code: 'cancelled' });
      const acknowledgedAfter = Date.parse(task.finished_at!) - Date.parse(task.cancel_requested_at!);
      expect(acknowledgedAfter).toBeLessThan(5_000); // within the grace, on the worker's next beat
    });
  });

  test('ignores cancellation: the reaper cancels it after the 5 s grace (cancel_timeout)', async ({ expect }) => {
    await scenario('ignores-cancel', async (page) => {
      await startTask(page, /^Ignores cancellation/, 'Generate an image');
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 15_000 }).toBe('processing');
      await card(page, IMAGE).getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 10_000 }).toBe('cancelling');
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 20_000 }).toBe('cancelled');
      // The user's cancellation, carried out by the server: one story, not "The server stopped this task".
      const text = await card(page, IMAGE).textContent();
      expect(text).toContain('You cancelled this task.');
      expect(text).toContain('The worker did not respond, so the server carried out the cancellation.');
      expect(text).not.toContain('The server stopped this task');
      const task = await taskOf(page, IMAGE);
      expect(task).toMatchObject({ status: 'cancelled', error_code: 'cancel_timeout' });
      const reapedAfter = Date.parse(task.finished_at!) - Date.parse(task.cancel_requested_at!);
      expect(reapedAfter).toBeGreaterThanOrEqual(5_000); // not before the grace
      expect(reapedAfter).toBeLessThanOrEqual(5_000 + 2_000); // the reaper runs every second
    });
  });

  test('a reload in the middle of a task: the server-rendered page already shows it running', async ({ expect }) => {
    await scenario('reload-midway', async (page) => {
      await startTask(page, /^Slow but alive/, 'Generate an image');
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 15_000 }).toBe('processing');
      // The HTML before any script runs (same cookie): prefetched and hydrated, not a spinner.
      const html = await (await page.context().request.get('/')).text();
      expect(html).toMatch(/class="unstuck-card[^"]*"[^>]*data-state="processing"/);
      await page.reload();
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 3_000 }).toBe('processing');
      const first = (await cardSamples(page, IMAGE))[0];
      expect(first?.state).toBe('processing'); // never "loading" after the reload
    });
  });

  test('the history says when it is offline, and stops saying it when back online', async ({ expect }) => {
    await scenario('history-offline', async (page) => {
      await startTask(page, /^Slow but alive/, 'Write a report');
      await expect.poll(() => card(page, REPORT).getAttribute('data-state'), { timeout: 8_000 }).not.toBe(null);
      await page.goto('/history');
      await expect.poll(() => page.getByTestId('history-row').count(), { timeout: 5_000 }).toBe(1);
      const notice = page.getByTestId('history-offline');
      await expect(notice.count()).resolves.toBe(0);
      // Said in a live region that is in the page before it goes offline: a region inserted
      // together with its text is often not read out.
      const region = await page.getByTestId('history-connection').elementHandle({ timeout: 1_000 });
      await expect(region!.getAttribute('role')).resolves.toBe('status');
      await page.context().setOffline(true);
      // The rows keep their last known state (and may turn "slow" as time passes): say why.
      await expect.poll(() => notice.count(), { timeout: 3_000 }).toBe(1);
      await expect(notice.textContent()).resolves.toMatch(/No connection/);
      await expect(region!.textContent()).resolves.toMatch(/No connection/);
      await page.context().setOffline(false);
      await expect.poll(() => notice.count(), { timeout: 5_000 }).toBe(0);
    });
  });

  test('a task page whose timeline cannot be read says so, and Try again reads it', async ({ expect }) => {
    await scenario('timeline-load-error', async (page) => {
      await startTask(page, /^Succeeds/, 'Write a report');
      // Finished first: a status change re-reads the trail, which after the unroute below could
      // load it before the click and take the Try again button away (seen once).
      await expect.poll(() => card(page, REPORT).getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');
      const { id } = await taskOf(page, REPORT);
      const refuse = (route: { abort: () => Promise<void> }) => route.abort();
      await page.route('**/api/tasks/*/events', refuse);
      await page.goto(`/tasks/${id}`);
      const timeline = page.getByTestId('task-view').locator('.unstuck-timeline');
      await expect.poll(() => timeline.textContent(), { timeout: 10_000 }).toMatch(/could not be loaded/);
      await page.unroute('**/api/tasks/*/events', refuse);
      await timeline.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => timeline.textContent(), { timeout: 10_000 }).toMatch(/Submitted/);
      await expect(timeline.textContent()).resolves.not.toMatch(/could not be loaded/);
    });
  });

  test('a task page says "Loading history…" (aria-busy) until its timeline is read, in the server HTML too', async ({ expect }) => {
    await scenario('timeline-loading', async (page) => {
      await startTask(page, /^Succeeds/, 'Write a report');
      const { id } = await taskOf(page, REPORT);
      // The server prefetches the card's row, not the trail: its HTML must not claim there is none.
      const html = await (await page.context().request.get(`/tasks/${id}`)).text();
      expect(html.match(/<section[^>]*unstuck-timeline[^>]*>/)?.[0]).toContain('aria-busy="true"');
      expect(html).toContain('Loading history…');
      expect(html).not.toContain('No events yet.');
      // In the browser too, for as long as the read takes (held here until the checks are done).
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const hold = async (route: Route) => {
        await held;
        await route.continue();
      };
      await page.route('**/api/tasks/*/events', hold);
      const requested = page.waitForRequest('**/api/tasks/*/events');
      await page.goto(`/tasks/${id}`);
      await requested; // hydrated, and reading
      const timeline = page.getByTestId('task-view').locator('.unstuck-timeline');
      await expect(timeline.getAttribute('aria-busy')).resolves.toBe('true');
      await expect(timeline.textContent()).resolves.toContain('Loading history…');
      await expect(timeline.textContent()).resolves.not.toContain('No events yet.');
      release();
      await expect.poll(() => timeline.textContent(), { timeout: 10_000 }).toMatch(/Submitted/);
      await expect(timeline.getAttribute('aria-busy')).resolves.toBeNull();
      await expect(timeline.textContent()).resolves.not.toContain('Loading history…');
      await page.unroute('**/api/tasks/*/events', hold);
    });
  });

  test('Retry on a task retried elsewhere (another tab) opens that retry and says so, starting no second run', async ({ expect }) => {
    await scenario('retried-elsewhere', async (page) => {
      await startTask(page, /^Fails with an error/, 'Write a report');
      await expect.poll(() => card(page, REPORT).getAttribute('data-state'), { timeout: 25_000 }).toBe('failed');
      const failed = await taskOf(page, REPORT);
      // The other tab: the same user retries through the API.
      const elsewhere = await page.context().request.post(`/api/tasks/${failed.id}/retry`, { data: {} });
      expect(elsewhere.status()).toBe(201);
      const retryId = ((await elsewhere.json()) as { task: { id: string } }).task.id;
      await card(page, REPORT).getByRole('button', { name: 'Retry' }).first().click();
      await expect.poll(async () => (await taskOf(page, REPORT)).id, { timeout: 10_000 }).toBe(retryId);
      await expect(page.getByTestId(REPORT).locator('p.note[data-kind="info"]').textContent()).resolves.toMatch(/already been retried/);
      const all = await page.context().request.get('/api/tasks?limit=50');
      const tasks = ((await all.json()) as { tasks: Array<{ retry_of: string | null }> }).tasks;
      expect(tasks.filter((t) => t.retry_of === failed.id)).toHaveLength(1);
    });
  });

  test('"you already have an active task" goes once that task has ended', async ({ expect }) => {
    await scenario('attached-note', async (page) => {
      await startTask(page, /^Fails with an error/, 'Generate an image');
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 8_000 }).not.toBe(null);
      await page.getByRole('button', { name: 'Generate an image' }).click(); // attaches to the active one
      const note = page.getByTestId(IMAGE).getByText('You already have an active image task');
      await expect.poll(() => note.count(), { timeout: 5_000 }).toBe(1);
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 15_000 }).toBe('failed');
      await expect.poll(() => note.count(), { timeout: 1_000 }).toBe(0); // a failed task is not "active"
    });
  });

  test('a second tab shows the task started in the first once the user comes back to it', async ({ expect }) => {
    const { context, page } = await newUser(demo.browser, demo.app.url);
    try {
      const second = await context.newPage();
      await Promise.all([page.goto('/'), second.goto('/')]);
      await startTask(page, /^Slow but alive/, 'Generate an image');
      await expect.poll(() => card(page, IMAGE).getAttribute('data-state'), { timeout: 8_000 }).not.toBe(null);
      // The user switches to the other tab (what the browser signals when it becomes visible).
      // (It bubbles, as the browser's own does: TanStack's focusManager listens on window.)
      await second.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
      // Not "No image task yet" while one runs.
      await expect.poll(() => card(second, IMAGE).count(), { timeout: 5_000 }).toBe(1);
      // The card mounts on the slot's id and reads its row: 'loading' for one round trip first.
      await expect.poll(() => card(second, IMAGE).getAttribute('data-state'), { timeout: 5_000 }).toMatch(/pending|processing/);
    } finally {
      await context.close();
    }
  });

  test('two users are kept apart', async ({ expect }) => {
    const alice = await newUser(demo.browser, demo.app.url);
    const bob = await newUser(demo.browser, demo.app.url);
    try {
      await alice.page.goto('/');
      await startTask(alice.page, /^Succeeds/, 'Write a report');
      await expect.poll(() => card(alice.page, REPORT).getAttribute('data-state'), { timeout: 8_000 }).not.toBe(null);
      const href = await card(alice.page, REPORT).getByRole('link', { name: 'Details and timeline' }).getAttribute('href');
      const id = href!.split('/').pop()!;
      await bob.page.goto(`/tasks/${id}`);
      await expect(bob.page.getByTestId('task-not-found').isVisible()).resolves.toBe(true);
      const api = await bob.context.request.get(`/api/tasks?ids=${id}`);
      expect((await api.json()).tasks).toEqual([]);
      const cancel = await bob.context.request.post(`/api/tasks/${id}/cancel`, { data: {} });
      expect(cancel.status()).toBe(404);
      await bob.page.goto('/history');
      await expect(bob.page.getByTestId('history-row').count()).resolves.toBe(0);
      await alice.page.goto('/history');
      await expect(alice.page.locator(`[data-task-id="${id}"]`).count()).resolves.toBe(1);
    } finally {
      await Promise.all([alice.context.close(), bob.context.close()]);
    }
  });
});
