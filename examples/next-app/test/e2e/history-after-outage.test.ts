import type { TestDatabase } from '@unstuck/supabase-example';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { nextAppDatabase, postgresMissingReason } from '../server/pg';
import { launchBrowser, newUser, screenshotOnFailure } from './browser';
import { browserMissingReason } from './env';
import { outageProxy } from './outage-proxy';
import { startApp, type RunningApp } from './server';

// /history opened while the database is down lists the tasks once it is back. Its list is read in
// the browser (the server had nothing to render), and that read gave up after TanStack Query's
// default 3 retries (about 7 s): the page said "Loading your tasks…" for good.
const missing = browserMissingReason() ?? (await postgresMissingReason());
if (missing) console.warn(`[next-app e2e] history-after-outage suite skipped: ${missing}`);

/** Longer than the default retries (1 + 2 + 4 s), so that only a read that keeps retrying recovers. */
const OUTAGE_MS = 12_000;

let database: TestDatabase;
let proxy: Awaited<ReturnType<typeof outageProxy>>;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  if (missing) return;
  database = await nextAppDatabase('outage');
  proxy = await outageProxy(database.url);
  proxy.down(); // the pages render without the database (their tasks left to the browser)
  [app, browser] = await Promise.all([startApp({ DATABASE_URL: proxy.url }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await proxy?.close();
  await database?.drop();
});

describe.skipIf(!!missing)('history during and after a database outage', () => {
  test('says it cannot reach the server, keeps trying, and lists the tasks once the database is back', async ({ expect }) => {
    const user = await newUser(browser, app.url);
    try {
      await screenshotOnFailure(user.page, 'history-after-outage', async () => {
        await user.page.goto('/history');
        await expect(user.page.getByTestId('history-unavailable').textContent({ timeout: 10_000 })).resolves.toMatch(/trying again/i);
        await user.page.waitForTimeout(4_000); // the retries' backoff has grown by now (up to 8 s)
        // "Try again now" reads at once: a refetch() alone joined the backoff's wait and sent nothing.
        const read = user.page.waitForRequest((request) => request.url().includes('/api/tasks?'), { timeout: 1_500 });
        await user.page.getByRole('button', { name: 'Try again now' }).click();
        await read;
        await user.page.waitForTimeout(OUTAGE_MS - 4_000);
        proxy.up();
        await expect(user.page.locator('.panel.empty').textContent({ timeout: 20_000 })).resolves.toContain('No tasks yet');
      });
    } finally {
      await user.context.close();
    }
  }, 90_000);
});
