import type { TestDatabase } from '@unstuck/supabase-example';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { nextAppDatabase, postgresMissingReason } from '../server/pg';
import { launchBrowser, newUser, screenshotOnFailure, startTask } from './browser';
import { browserMissingReason } from './env';
import { startApp, type RunningApp } from './server';

// The DATABASE_URL path: the same production build against a real PostgreSQL (a throwaway
// database of our own, migrated from the template), with the in-process worker and reaper.
const missing = browserMissingReason() ?? (await postgresMissingReason());
if (missing) console.warn(`[next-app e2e] PostgreSQL suite skipped: ${missing}`);

let database: TestDatabase;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  if (missing) return;
  database = await nextAppDatabase('e2e');
  [app, browser] = await Promise.all([startApp({ DATABASE_URL: database.url }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await database?.drop();
});

const card = (page: Page) => page.getByTestId('slot-demo_report').locator('.unstuck-card');

describe.skipIf(!!missing)('DATABASE_URL: a real PostgreSQL', () => {
  test('submit, the worker completes it, the page shows it completed; another user sees nothing of it', async ({ expect }) => {
    const alice = await newUser(browser, app.url);
    const bob = await newUser(browser, app.url);
    try {
      await alice.page.goto('/');
      await expect(alice.page.locator('.backend').textContent()).resolves.toBe('Backend: PostgreSQL');
      await screenshotOnFailure(alice.page, 'postgres-completes', async () => {
        await startTask(alice.page, /^Succeeds/, 'Write a report');
        await expect.poll(() => card(alice.page).getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');
        await expect(card(alice.page).textContent()).resolves.toContain('Done: the result is ready.');
      });
      const href = await card(alice.page).getByRole('link', { name: 'Details and timeline' }).getAttribute('href');
      const id = href!.split('/').pop()!;
      await bob.page.goto(`/tasks/${id}`);
      await expect(bob.page.getByTestId('task-not-found').isVisible()).resolves.toBe(true);
      expect((await (await bob.context.request.get(`/api/tasks?ids=${id}`)).json()).tasks).toEqual([]);
      expect((await bob.context.request.post(`/api/tasks/${id}/retry`, { data: {} })).status()).toBe(404);
      await bob.page.goto('/history');
      await expect(bob.page.getByTestId('history-row').count()).resolves.toBe(0);
      await alice.page.goto('/history');
      await expect(alice.page.locator(`[data-task-id="${id}"]`).count()).resolves.toBe(1);
      expect(app.output()).toContain('postgres database, worker and reaper ready');
    } finally {
      await Promise.all([alice.context.close(), bob.context.close()]);
    }
  });
});
