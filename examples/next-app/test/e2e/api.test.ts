import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserMissingReason } from './env';
import { startApp, type RunningApp } from './server';

// Bad input against the production server: every answer is a clear HTTP status with the
// contract's JSON error body (or a page that says what is wrong). Runs where the browser suites
// run, because it shares their one production build.
const missing = browserMissingReason();
if (missing) console.warn(`[next-app e2e] API suite skipped: ${missing}`);

let app: RunningApp;

beforeAll(async () => {
  if (!missing) app = await startApp();
});
afterAll(() => app?.stop());

/** A cookie jar of one: the first request gets the demo identity, later ones send it back. */
async function newVisitor(): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  const first = await fetch(`${app.url}/`, { redirect: 'manual' });
  const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
  return (path, init = {}) => fetch(`${app.url}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...init.headers } });
}

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

describe.skipIf(!!missing)('HTTP API and pages: bad input', () => {
  test('the first request sets an httpOnly identity cookie', async () => {
    const response = await fetch(`${app.url}/history`);
    expect(response.headers.get('set-cookie')).toMatch(/^unstuck_demo_user=[0-9a-f-]{36};.*HttpOnly/i);
  });

  test('unknown page → 404 with a clear message; unknown API route → 404 JSON with code protocol (a wrong address, not a missing task)', async () => {
    const page = await fetch(`${app.url}/no/such/page`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('There is no page at this address');
    const call = await newVisitor();
    const api = await call('/api/tasks/11111111-1111-4111-8111-111111111111/explode', { method: 'POST' });
    expect(api.status).toBe(404);
    expect((await errorOf(api)).code).toBe('protocol');
  });

  test('a method a route does not serve → 405 JSON from the handler, with Allow (Next answered PUT/PATCH/DELETE itself, without Allow)', async () => {
    const call = await newVisitor();
    const cases = [['/api/tasks', 'PUT', 'GET, HEAD, POST'], ['/api/tasks', 'DELETE', 'GET, HEAD, POST'], ['/api/tasks/time', 'PATCH', 'GET, HEAD'], ['/api/tasks/time', 'POST', 'GET, HEAD']] as const;
    for (const [path, method, allow] of cases) {
      const answer = await call(path, { method, body: '{}' });
      expect({ path, method, status: answer.status, allow: answer.headers.get('allow'), code: (await errorOf(answer)).code }).toEqual({ path, method, status: 405, allow, code: 'protocol' });
    }
  });

  test('malformed ids → 400 invalid_id; a malformed id in a page address → 404 (it was a 200: no such page)', async () => {
    const call = await newVisitor();
    const read = await call('/api/tasks?ids=not-a-uuid');
    expect(read.status).toBe(400);
    expect(await errorOf(read)).toMatchObject({ code: 'invalid_id' });
    const cancel = await call('/api/tasks/not-a-uuid/cancel', { method: 'POST' });
    expect(cancel.status).toBe(400);
    // The explanation is drawn by the browser (ux-details.test.ts): Next serves a notFound() page's HTML as its empty error shell.
    for (const path of ['/tasks/not-a-uuid', `/tasks/${'x'.repeat(80)}`, '/tasks/%25', '/tasks/11111111-1111-4111-8111-11111111111']) {
      expect({ path, status: (await call(path)).status }).toEqual({ path, status: 404 });
    }
  });

  test('a path whose percent-encoding does not decode → the app answers it (400 / 404 / 405), not the bare 500 of Next', async () => {
    const call = await newVisitor();
    const bad = '%E0%A4%A'; // a cut-off UTF-8 sequence: decodeURIComponent throws on it
    const page = await call(`/tasks/${bad}`);
    expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 404, type: expect.stringMatching(/^text\/html/) });
    // The API answers as for any malformed id: the action chooses the route, the id's 400 comes once the method is right.
    const cases = [[`/api/tasks/${bad}/events`, 'GET', 400, 'invalid_id'], [`/api/tasks/${bad}/cancel`, 'POST', 400, 'invalid_id'], [`/api/tasks/%ZZ/retry`, 'POST', 400, 'invalid_id'], [`/api/tasks/${bad}/cancel`, 'GET', 405, 'protocol'], [`/api/tasks/${bad}/x/y`, 'GET', 404, 'protocol']] as const;
    for (const [path, method, status, code] of cases) {
      const answer = await call(path, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect({ path, method, status: answer.status, code: (await errorOf(answer)).code }).toEqual({ path, method, status, code });
    }
    // Still a visitor's first request: the identity cookie is set on that answer too.
    const first = await fetch(`${app.url}/tasks/${bad}`);
    expect(first.headers.get('set-cookie')).toMatch(/^unstuck_demo_user=/);
  });

  test('malformed POST bodies → 400 with a message saying what is expected', async () => {
    const call = await newVisitor();
    const notJson = await call('/api/tasks', { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).message).toMatch(/JSON/);
    const noType = await call('/api/tasks', { method: 'POST', body: JSON.stringify({ payload: {} }) });
    expect(noType.status).toBe(400);
    expect((await errorOf(noType)).code).toBe('unknown_type');
    const unknownType = await call('/api/tasks', { method: 'POST', body: JSON.stringify({ type: 'nope', payload: {} }) });
    expect(unknownType.status).toBe(400);
    expect((await errorOf(unknownType)).code).toBe('unknown_type');
    const huge = await call('/api/tasks', {
      method: 'POST',
      body: JSON.stringify({ type: 'demo_image', payload: { scenario: 'succeeds', blob: 'x'.repeat(70_000) } }),
    });
    expect(huge.status).toBe(400);
    expect((await errorOf(huge)).code).toBe('payload_too_large');
  });

  test('HEAD answers as GET does, without a body (it was a 404 on every route)', async () => {
    const call = await newVisitor();
    for (const path of ['/api/tasks/time', '/api/tasks/thresholds', '/api/tasks?limit=5', '/api/tasks?ids=not-a-uuid']) {
      const get = await call(path);
      const head = await call(path, { method: 'HEAD' });
      expect({ path, status: head.status, type: head.headers.get('content-type') }).toEqual({
        path,
        status: get.status,
        type: get.headers.get('content-type'),
      });
      expect(await head.text()).toBe('');
    }
    expect((await call('/api/tasks/time', { method: 'HEAD' })).status).toBe(200);
  });

  test('a payload JSON cannot carry as sent (1e400, nesting past 256 levels) → 400 invalid_id, nothing stored', async () => {
    const call = await newVisitor();
    const bodies = [
      '{"type":"demo_report","payload":{"scenario":"crash_before_pickup","size":1e400}}', // was stored as null
      '{"type":"demo_report","payload":{"scenario":"crash_before_pickup","steps":[-1e999]}}',
      `{"type":"demo_report","payload":{"scenario":"crash_before_pickup","deep":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`, // was a 500
    ];
    for (const body of bodies) {
      const answer = await call('/api/tasks', { method: 'POST', body });
      expect({ status: answer.status, error: await errorOf(answer) }).toEqual({
        status: 400,
        error: { code: 'invalid_id', message: expect.stringMatching(/^payload\.(size|steps\[0\]|deep.*) /) },
      });
    }
    const listed = (await (await call('/api/tasks?limit=10')).json()) as { tasks: unknown[] };
    expect(listed.tasks).toEqual([]);
  });

  test("another site's form post → 415, nothing submitted or cancelled (the cookie alone is not enough)", async () => {
    const call = await newVisitor();
    const created = await call('/api/tasks', { method: 'POST', body: JSON.stringify({ type: 'demo_report', payload: { scenario: 'crash_before_pickup' } }) });
    const { task } = (await created.json()) as { task: { id: string } };
    // What a cross-site <form> can send with the user's cookie, without asking this server first.
    const form = (path: string, contentType: string) =>
      call(path, { method: 'POST', body: 'type=demo_report', headers: { 'content-type': contentType } });
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      for (const path of ['/api/tasks', `/api/tasks/${task.id}/cancel`, `/api/tasks/${task.id}/retry`]) {
        const answer = await form(path, contentType);
        expect({ path, contentType, status: answer.status, code: (await errorOf(answer)).code }).toEqual({ path, contentType, status: 415, code: 'invalid_id' });
      }
    }
    // One task, never cancelled, never retried (the demo's reaper may have failed it by now: 8 s).
    const listed = (await (await call('/api/tasks?limit=50')).json()) as { tasks: Array<{ id: string; status: string; cancel_requested_at: string | null }> };
    expect(listed.tasks.map((row) => row.id)).toEqual([task.id]);
    expect(listed.tasks[0]).toMatchObject({ cancel_requested_at: null, status: expect.stringMatching(/^(pending|failed)$/) });
  });

  test("another user's id → 404 not_found, the same answer as a missing one", async () => {
    const alice = await newVisitor();
    const bob = await newVisitor();
    const created = await alice('/api/tasks', { method: 'POST', body: JSON.stringify({ type: 'demo_report', payload: { scenario: 'crash_before_pickup' } }) });
    expect(created.status).toBe(201);
    const { task } = (await created.json()) as { task: { id: string } };
    for (const [path, method] of [[`/api/tasks/${task.id}/cancel`, 'POST'], [`/api/tasks/${task.id}/retry`, 'POST'], [`/api/tasks/${task.id}/events`, 'GET']] as const) {
      const response = await bob(path, { method });
      expect(response.status, path).toBe(404);
      expect((await errorOf(response)).code).toBe('not_found');
    }
    expect((await bob(`/tasks/${task.id}`)).status).toBe(404);
    expect((await alice(`/tasks/${task.id}`)).status).toBe(200);
    // An id in capitals is the same UUID: its page renders the task.
    const shouted = await alice(`/tasks/${task.id.toUpperCase()}`);
    expect(shouted.status).toBe(200);
    expect(await shouted.text()).toContain(task.id);
  });

  test('a Cookie header with two demo cookies → the API acts as the user the pages and proxy see (it was a 500, or the other user)', async () => {
    const first = await fetch(`${app.url}/`, { redirect: 'manual' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const created = await fetch(`${app.url}/api/tasks`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'demo_report', payload: { scenario: 'crash_before_pickup' } }),
    });
    const { task } = (await created.json()) as { task: { id: string } };
    // Next reads cookies keeping the last value that decodes: a stale or foreign one before ours is passed over.
    const stranger = 'unstuck_demo_user=33333333-3333-4333-8333-333333333333';
    for (const header of [`unstuck_demo_user=%ZZ; ${cookie}`, `${cookie}; unstuck_demo_user=%ZZ`, `${stranger}; ${cookie}`]) {
      const listed = await fetch(`${app.url}/api/tasks?limit=5`, { headers: { cookie: header } });
      const body = (await listed.json()) as { tasks?: Array<{ id: string }> };
      expect({ header, status: listed.status, ids: body.tasks?.map((row) => row.id) }).toEqual({ header, status: 200, ids: [task.id] });
      expect({ header, page: (await fetch(`${app.url}/tasks/${task.id}`, { headers: { cookie: header } })).status }).toEqual({ header, page: 200 });
    }
  });

  test('a double submit in a hurry creates one task', async () => {
    const call = await newVisitor();
    const body = JSON.stringify({ type: 'demo_image', payload: { scenario: 'slow_heartbeating' } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('/api/tasks', { method: 'POST', body })));
    const results = (await Promise.all(answers.map((a) => a.json()))) as Array<{ task: { id: string }; created: boolean }>;
    expect(new Set(results.map((r) => r.task.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const list = (await (await call('/api/tasks?limit=10')).json()) as { tasks: unknown[] };
    expect(list.tasks).toHaveLength(1);
  });
});
