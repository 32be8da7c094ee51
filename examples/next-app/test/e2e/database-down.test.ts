import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresMissingReason } from '../server/pg';
import { browserMissingReason } from './env';
import { startApp, type RunningApp } from './server';

// The production server over a PostgreSQL that is down (its port refuses connections): the pages
// still render, their lists and cards left to the browser, whose requests the API answers 503 with
// Retry-After (retried with backoff) until the database is back. Runs where the browser suites
// run, because it shares their one production build; no browser is started.
const missing = browserMissingReason();
if (missing) console.warn(`[next-app e2e] database-down suite skipped: ${missing}`);

/** A port on this machine that nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let app: RunningApp;

beforeAll(async () => {
  // startApp waits for `/` to answer 200: on main it answered 500 for as long as the database was down.
  if (!missing) app = await startApp({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/postgres` });
});
afterAll(() => app?.stop());

describe.skipIf(!!missing)('pages and API with the database down', () => {
  test('the pages render (200) and leave their tasks to the browser; the API answers 503 with Retry-After', async () => {
    const first = await fetch(`${app.url}/`, { redirect: 'manual' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const get = (path: string) => fetch(`${app.url}${path}`, { headers: { cookie } });
    const pages = [
      ['/', 'Background tasks that never leave you hanging'],
      ['/history', 'Your tasks'],
      ['/tasks/11111111-1111-4111-8111-111111111111', 'data-testid="task-view"'],
    ] as const;
    for (const [path, shows] of pages) {
      const page = await get(path);
      const html = await page.text();
      expect({ path, status: page.status, shows: html.includes(shows) }).toEqual({ path, status: 200, shows: true });
    }
    expect((await get('/tasks/not-a-uuid')).status).toBe(404); // no database needed to know that
    const api = await get('/api/tasks?limit=5');
    expect({ status: api.status, retryAfter: api.headers.get('retry-after'), body: await api.json() }).toEqual({
      status: 503,
      retryAfter: '5',
      body: { error: { code: 'server', message: expect.stringMatching(/not available/) } },
    });
  });
});

// Needs a PostgreSQL that answers (and says the database does not exist): refused, it would be down.
const noPostgres = missing ?? (await postgresMissingReason());
const postgresServer = new URL(process.env.UNSTUCK_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

describe.skipIf(!!noPostgres)('pages over a database that will never answer as configured', () => {
  let misconfigured: RunningApp | undefined;
  afterAll(() => misconfigured?.stop());

  test('a DATABASE_URL naming a database that does not exist: the pages answer 500, which a health check sees', async () => {
    // Not a database that is down: "not available right now" would be false for ever. Up once it answers at all.
    misconfigured = await startApp({ DATABASE_URL: new URL('/unstuck_no_such_db', postgresServer).href }, () => true);
    const first = await fetch(`${misconfigured.url}/`, { redirect: 'manual' });
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    for (const path of ['/', '/history', '/tasks/11111111-1111-4111-8111-111111111111']) {
      const page = await fetch(`${misconfigured.url}${path}`, { headers: { cookie } });
      expect({ path, status: page.status }).toEqual({ path, status: 500 });
    }
    const api = await fetch(`${misconfigured.url}/api/tasks?limit=5`, { headers: { cookie } });
    expect({ status: api.status, retryAfter: api.headers.get('retry-after') }).toEqual({ status: 500, retryAfter: null });
  });
});
