import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TestDatabase } from '@unstuck/supabase-example';
import { startStandin, type Standin } from '@unstuck/supabase-standin';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { nextAppDatabase, postgresMissingReason } from '../server/pg';
import { launchBrowser, newUser, screenshotOnFailure, startTask } from './browser';
import { APP_DIR, browserMissingReason } from './env';
import { startApp, type RunningApp } from './server';

// Supabase mode: the same production build with SUPABASE_URL + SUPABASE_ANON_KEY, so the browser
// runs the real supabase-js (anonymous sign-in, PostgREST reads and RPCs, Realtime) against the
// Supabase stand-in (tools/supabase-standin: no Supabase server can run here), which serves a
// throwaway PostgreSQL database with RLS enforced by PostgreSQL. The Next server runs no database,
// worker or reaper in this mode; the simulated worker runs as its own process, as a Supabase
// project would run it (`pnpm worker --reaper`).
const missing = browserMissingReason() ?? (await postgresMissingReason());
if (missing) console.warn(`[next-app e2e] Supabase-mode suite skipped: ${missing}`);

let database: TestDatabase;
let standin: Standin;
let worker: ChildProcess;
let workerOutput = '';
let app: RunningApp;
let browser: Browser;

/** `scripts/worker.ts --reaper` against the test database; resolves once it says it runs. */
async function startWorker(url: string): Promise<ChildProcess> {
  const tsx = join(APP_DIR, '..', '..', 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['scripts/worker.ts', '--reaper'], { cwd: APP_DIR, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
  for (let waited = 0; !workerOutput.includes('Simulated worker running'); waited += 100) {
    if (child.exitCode !== null || waited > 30_000) throw new Error(`the worker did not start:\n${workerOutput}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return child;
}

beforeAll(async () => {
  if (missing) return;
  database = await nextAppDatabase('e2e_supabase');
  standin = await startStandin({ connectionString: database.url });
  [worker, app, browser] = await Promise.all([
    startWorker(database.url),
    startApp({ SUPABASE_URL: standin.url, SUPABASE_ANON_KEY: standin.anonKey }),
    launchBrowser(),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGINT');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (worker.exitCode === null) worker.kill('SIGKILL');
  }
  await standin?.stop();
  await database?.drop();
});

/** Follows a link of the main navigation: a client-side navigation, same page and same caches. */
const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
const card = (page: Page) => page.getByTestId('slot-demo_report').locator('.unstuck-card');

describe.skipIf(!!missing)('SUPABASE_URL: supabase-js in the browser against the Supabase stand-in', () => {
  test('anonymous users submit, watch over Realtime, list their history, and never see each other\'s tasks', async ({ expect }) => {
    const alice = await newUser(browser, app.url);
    const bob = await newUser(browser, app.url);
    try {
      // history first, while it is empty; then on to the generator in the same page (client-side)
      await alice.page.goto('/history');
      await expect(alice.page.locator('.backend').textContent()).resolves.toBe('Backend: Supabase');
      await expect.poll(() => alice.page.getByText('No tasks yet').count(), { timeout: 15_000 }).toBe(1);
      await nav(alice.page, 'Generator');
      await screenshotOnFailure(alice.page, 'supabase-completes', async () => {
        await startTask(alice.page, /^Succeeds/, 'Write a report');
        await expect.poll(() => card(alice.page).getAttribute('data-state'), { timeout: 30_000 }).toBe('completed');
        await expect(card(alice.page).textContent()).resolves.toContain('Done: the result is ready.');
      });
      const href = await card(alice.page).getByRole('link', { name: 'Details and timeline' }).getAttribute('href');
      const id = href!.split('/').pop()!;

      // progress arrived as Realtime changes over one channel, not only by polling
      expect(standin.stats.joins).toBeGreaterThan(0);
      expect(standin.stats.events).toBeGreaterThan(0);

      // back to the history without a page load: the list is read again, not the empty one of before
      await nav(alice.page, 'History');
      await expect.poll(() => alice.page.locator(`[data-task-id="${id}"]`).count(), { timeout: 15_000 }).toBe(1);
      await nav(alice.page, 'Generator');
      await expect.poll(() => card(alice.page).getAttribute('data-state'), { timeout: 15_000 }).toBe('completed');

      // a reload: the slot finds its latest task in the browser (the server cannot see the user)
      await alice.page.reload();
      await expect.poll(() => card(alice.page).getAttribute('data-state'), { timeout: 15_000 }).toBe('completed');

      // the history lists it, read through the browser's own session
      await alice.page.goto('/history');
      await expect.poll(() => alice.page.locator(`[data-task-id="${id}"]`).count(), { timeout: 15_000 }).toBe(1);

      // the task page shows its timeline from task_events
      await alice.page.goto(`/tasks/${id}`);
      await expect.poll(() => alice.page.getByTestId('task-view').locator('.unstuck-card').getAttribute('data-state'), { timeout: 15_000 }).toBe('completed');
      await expect.poll(async () => (await alice.page.getByTestId('task-view').textContent()) ?? '', { timeout: 15_000 }).toContain('Picked up');

      // another anonymous user: RLS hides the row from their session
      await bob.page.goto(`/tasks/${id}`);
      await expect.poll(() => bob.page.getByTestId('task-view').locator('.unstuck-card').getAttribute('data-state'), { timeout: 15_000 }).toBe('not_found');
      // A task that is not there has no history: no timeline (neither a failed read nor one loading for good).
      await expect(bob.page.getByTestId('task-view').locator('.unstuck-timeline').count()).resolves.toBe(0);
      await bob.page.goto('/history');
      await expect.poll(() => bob.page.getByText('No tasks yet').count(), { timeout: 15_000 }).toBe(1);
      expect(app.output()).not.toContain('database, worker and reaper ready');
    } finally {
      await Promise.all([alice.context.close(), bob.context.close()]);
    }
  });
  test("the server's own task API is not served: a request to it starts no database, worker or reaper", async ({ expect }) => {
    const first = await fetch(`${app.url}/`, { redirect: 'manual' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    for (const [path, method] of [['/api/tasks/time', 'GET'], ['/api/tasks?limit=5', 'GET'], ['/api/tasks', 'POST']] as const) {
      const answer = await fetch(`${app.url}${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: JSON.stringify({ type: 'demo_report', payload: {} }) } : {}),
      });
      expect({ path, status: answer.status, body: await answer.json() }).toEqual({
        path,
        status: 404,
        body: { error: { code: 'protocol', message: expect.stringMatching(/Supabase/) } },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(app.output()).not.toContain('database, worker and reaper ready');
  });
});
