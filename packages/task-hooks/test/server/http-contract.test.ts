// The http source against createTaskHttpHandler on a real node HTTP server, backed by the memory
// source (one per user, chosen from a header the way an app would read its session).
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { createTaskHttpHandler, type TaskHttpHandler } from '../../src/server';
import { createHttpSource } from '../../src/sources/http';
import type { TaskSource } from '../../src/sources/source';
import { createMemorySource, type MemorySource } from '../../src/testing';
import { serveHandler, type NodeServer } from './helpers/node-server';

const USERS: Record<string, string> = {
  alice: '00000000-0000-4000-8000-00000000a11c',
  bob: '00000000-0000-4000-8000-000000000b0b',
};

describe('http source ⇄ task http handler', () => {
  let server: NodeServer;
  let handler: TaskHttpHandler;
  const sources = new Map<string, MemorySource>();
  let sessionLookups = 0;
  const memory = (user: string) => {
    let source = sources.get(user);
    if (!source) {
      source = createMemorySource({ userId: USERS[user], types: { report: {}, export: { exclusive: true } } });
      sources.set(user, source);
    }
    return source;
  };
  const client = (user: string | null, fetchImpl?: typeof fetch): TaskSource =>
    createHttpSource({ baseUrl: `${server.url}/api/tasks`, headers: user ? { 'x-user': user } : {}, fetch: fetchImpl, stream: false });
  /** A request as a well-behaved client sends it: POSTs declare JSON (see the 415 test for the rest). */
  const raw = (path: string, init?: RequestInit & { user?: string }) =>
    fetch(`${server.url}/api/tasks${path}`, {
      ...init,
      headers: { 'x-user': init?.user ?? 'alice', ...(init?.method === 'POST' ? { 'content-type': 'application/json' } : {}), ...(init?.headers as Record<string, string>) },
    });

  beforeAll(async () => {
    handler = createTaskHttpHandler({
      basePath: '/api/tasks',
      getSource: async (request) => {
        sessionLookups += 1;
        const user = request.headers.get('x-user');
        return user && USERS[user] ? memory(user) : null;
      },
    });
    server = await serveHandler(handler);
  });
  afterEach(() => {
    server.requests.length = 0;
  });
  afterAll(async () => {
    handler.close();
    await server.close();
  });

  it('serves submit, batched reads, list, active task, cancel, retry, events, thresholds and time', async () => {
    const alice = client('alice');
    const first = await alice.submit('report', { n: 1 });
    expect(first.created).toBe(true);
    const exclusive = await alice.submit('export', {});
    const again = await alice.submit('export', {});
    expect(again).toMatchObject({ created: false, task: { id: exclusive.task.id } });
    expect((await alice.fetchTasks([first.task.id, exclusive.task.id])).map((t) => t.id).sort()).toEqual([first.task.id, exclusive.task.id].sort());
    expect((await alice.listTasks({ limit: 10 }))[0]?.id).toBe(exclusive.task.id);
    expect((await alice.fetchActiveTask('export'))?.id).toBe(exclusive.task.id);
    expect(await alice.fetchActiveTask('report')).toMatchObject({ id: first.task.id });
    expect((await alice.cancel(first.task.id)).status).toBe('cancelled');
    const retried = await alice.retry(first.task.id);
    expect(retried).toMatchObject({ created: true, task: { retry_of: first.task.id } });
    expect((await alice.fetchEvents(first.task.id)).map((e) => e.kind)).toContain('cancelled');
    expect((await alice.fetchThresholds()).report?.pendingTimeoutMs).toBeGreaterThan(0);
    expect(Math.abs((await alice.serverTime()) - Date.now())).toBeLessThan(5_000);
  });

  it('answers a second retry of a task with its first retry: 200 and created false', async () => {
    const alice = client('alice');
    const { task } = await alice.submit('report', {});
    await alice.cancel(task.id);
    const first = await raw(`/${task.id}/retry`, { method: 'POST', body: '{}' });
    expect(first.status).toBe(201);
    const retried = (await first.json()) as { task: { id: string } };
    const second = await raw(`/${task.id}/retry`, { method: 'POST', body: '{}' });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ created: false, reapedTaskId: null, task: { id: retried.task.id, retry_of: task.id } });
    expect(await alice.retry(task.id)).toMatchObject({ created: false, task: { id: retried.task.id } });
    expect((await memory('alice').listTasks({ limit: 100 })).filter((row) => row.retry_of === task.id)).toHaveLength(1);
  });

  it('answers with the contract statuses: 201 on create, 200 when an active task is returned', async () => {
    const post = (body: unknown) => raw('', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, user: 'bob' });
    expect((await post({ type: 'export', payload: {} })).status).toBe(201);
    expect((await post({ type: 'export', payload: {} })).status).toBe(200);
    const listed = (await (await raw('?limit=5', { user: 'bob' })).json()) as { tasks: unknown[] };
    expect(listed.tasks).toHaveLength(1);
  });

  it('answers reads without asking the source for the time (the client samples /time for its clock)', async () => {
    const { task } = await client('bob').submit('report', {});
    memory('bob').resetStats();
    for (const path of [`?ids=${task.id}`, '?type=report&active=1', '?limit=5', '?limit=5&type=report']) {
      const response = await raw(path, { user: 'bob' });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(Object.keys((await response.json()) as object)).toEqual([path.startsWith('?type') ? 'task' : 'tasks']);
    }
    expect(memory('bob').stats.calls).not.toHaveProperty('serverTime');
    expect(await client('bob').serverTime()).toEqual(expect.any(Number));
  });

  it('lists up to 1000 tasks, the limit of the supabase and memory sources, and refuses more as they do', async () => {
    const bob = client('bob');
    expect((await raw('?limit=1000', { user: 'bob' })).status).toBe(200);
    expect((await bob.listTasks({ limit: 500 })).length).toBeGreaterThan(0);
    for (const limit of [0, 1_001, 2.5]) {
      await expect(bob.listTasks({ limit })).rejects.toMatchObject({ code: 'invalid_id' });
      await expect(memory('bob').listTasks({ limit })).rejects.toMatchObject({ code: 'invalid_id' });
    }
  });

  it('splits a read of more than 100 ids into batches of at most 100', async () => {
    const urls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    const alice = client('alice', counting);
    const { task } = await alice.submit('report', {});
    const ids = Array.from({ length: 149 }, (_, i) => `00000000-0000-4000-8000-${(0xf0000 + i).toString(16).padStart(12, '0')}`);
    const rows = await alice.fetchTasks([task.id, ...ids]);
    expect(rows.map((row) => row.id)).toEqual([task.id]);
    const batches = urls.filter((url) => url.includes('ids=')).map((url) => new URL(url).searchParams.get('ids')!.split(','));
    expect(batches.map((batch) => batch.length)).toEqual([100, 50]);
  });

  it('answers bad input with 400 and the contract code', async () => {
    const cases: Array<[string, RequestInit, string]> = [
      ['?ids=nope', {}, 'invalid_id'],
      [`?ids=${Array.from({ length: 101 }, () => USERS.alice).join(',')}`, {}, 'invalid_id'],
      ['/not-a-uuid/cancel', { method: 'POST' }, 'invalid_id'],
      ['?limit=0', {}, 'invalid_id'],
      ['', { method: 'POST', body: '{oops' }, 'invalid_id'],
      ['', { method: 'POST', body: '[]' }, 'invalid_id'],
      ['', { method: 'POST', body: JSON.stringify({ payload: {} }) }, 'unknown_type'],
      ['', { method: 'POST', body: JSON.stringify({ type: 'nope' }) }, 'unknown_type'],
      ['', { method: 'POST', body: JSON.stringify({ type: 'report', payload: { big: 'x'.repeat(70_000) } }) }, 'payload_too_large'],
      ['', { method: 'POST', body: 'x'.repeat(1_100_000) }, 'payload_too_large'],
      ['?active=1', {}, 'unknown_type'],
      // JSON.parse reads 1e400 as Infinity, which a database would store as null: refused, not changed.
      ['', { method: 'POST', body: '{"type":"report","payload":{"size":1e400}}' }, 'invalid_id'],
      // `active` is 1 or absent: `active=0` was read as 1 and answered the active task instead of a list.
      ['?type=report&active=0', {}, 'invalid_id'],
      // A path that is not valid percent-encoding (decodeURIComponent throws): the handler's 400,
      // not a 500. (Next fails to decode it before the route runs and answers a bare 500: the Next
      // example's proxy.ts passes such a segment on escaped, so that the route answers it.)
      ['/%E0%A4%A/events', {}, 'invalid_id'],
    ];
    for (const [path, init, code] of cases) {
      const response = await raw(path, init);
      expect({ path: path.slice(0, 40), status: response.status, body: await response.json() }).toMatchObject({ status: 400, body: { error: { code } } });
    }
  });

  it('takes headers the app gives in any case, Content-Type and Accept included, without sending them twice', async () => {
    // A habit from other fetch wrappers: the app declares JSON itself, capitalised.
    const alice = createHttpSource({ baseUrl: `${server.url}/api/tasks`, headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-User': 'alice' }, stream: false });
    const { task } = await alice.submit('report', {});
    expect((await alice.cancel(task.id)).status).toBe('cancelled');
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.headers['content-type'], r.headers.accept])).toEqual([
      ['application/json', 'application/json'],
      ['application/json', 'application/json'],
    ]);
  });

  it('refuses a POST that is not declared JSON (415, before the session is read) and changes nothing', async () => {
    const task = (await memory('alice').submit('report', {})).task;
    // What another site's form or a no-cors fetch can send without a CORS preflight.
    const crossSite: Array<Record<string, string>> = [
      {},
      { 'content-type': 'text/plain;charset=UTF-8' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/jsonp' },
    ];
    const lookups = sessionLookups;
    for (const headers of crossSite) {
      for (const [path, body] of [['', JSON.stringify({ type: 'report' })], [`/${task.id}/cancel`, undefined], [`/${task.id}/retry`, undefined]] as const) {
        const response = await fetch(`${server.url}/api/tasks${path}`, { method: 'POST', headers: { 'x-user': 'alice', ...headers }, body });
        // (fetch labels a string body without a header text/plain; cancel and retry send no body, so no type.)
        expect({ path, headers, status: response.status, body: await response.json() }).toMatchObject({
          status: 415,
          body: { error: { code: 'invalid_id', message: expect.stringContaining('application/json') } },
        });
      }
    }
    expect(sessionLookups).toBe(lookups);
    expect((await memory('alice').fetchTasks([task.id]))[0]).toMatchObject({ status: 'pending', cancel_requested_at: null });
    expect((await memory('alice').listTasks({ limit: 100 })).filter((row) => row.retry_of === task.id)).toEqual([]);
    // A declared JSON type with parameters is JSON; the source itself always declares it.
    const declared = await raw(`/${task.id}/cancel`, { method: 'POST', headers: { 'content-type': 'Application/JSON; charset=utf-8' } });
    expect(declared.status).toBe(200);
    expect((await client('alice').cancel((await memory('alice').submit('report', {})).task.id)).status).toBe('cancelled');
  });

  it('refuses a body over the cap while it is still arriving, without buffering the rest', async () => {
    // Chunked, with no Content-Length, and never finished: only a server that counts while it
    // reads can answer, one that buffers first waits for an end that never comes.
    const url = new URL(`${server.url}/api/tasks`);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'x-user': 'alice', 'content-type': 'application/json' } },
        (response) => {
          resolve(response.statusCode ?? 0);
          response.resume();
          request.destroy();
        },
      );
      request.on('error', () => undefined); // destroyed by us once answered
      const chunk = 'x'.repeat(64 * 1024);
      const feed = setInterval(() => request.write(chunk), 5);
      request.on('close', () => clearInterval(feed));
      setTimeout(() => reject(new Error('no answer within 5 s: the body was buffered to its end')), 5_000);
    });
    expect(status).toBe(400);
    // A body read to its end keeps the connection for the next request; a GET too.
    for (const init of [{ method: 'GET', path: '?limit=1' }, { method: 'POST', path: '', body: JSON.stringify({ type: 'report' }) }]) {
      const connection = await new Promise<string | undefined>((resolve, reject) => {
        const request = httpRequest(
          { host: url.hostname, port: url.port, path: url.pathname + init.path, method: init.method, headers: { 'x-user': 'alice', 'content-type': 'application/json' } },
          (response) => {
            response.resume();
            resolve(response.headers.connection);
          },
        );
        request.on('error', reject);
        request.end(init.body);
      });
      expect({ method: init.method, connection }).toEqual({ method: init.method, connection: 'keep-alive' });
    }
  });

  it('answers a request whatever its Host header says, and a malformed request target with 400 JSON', async () => {
    const { port } = new URL(server.url);
    /** The status line and body of one request written by hand (fetch cannot send these). */
    const send = (target: string, host: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nx-user: alice\r\nConnection: close\r\n\r\n`),
        );
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk));
        socket.on('close', () => resolve(answer));
      });
    // An empty Host is legal (RFC 9112, 3.2) and the routes do not depend on it.
    for (const host of ['', 'a b', '[::1']) expect(await send('/api/tasks/time', host), host).toMatch(/^HTTP\/1\.1 200 /);
    const bad = await send('http://[bad/api/tasks/time', 'example.com');
    expect(bad).toMatch(/^HTTP\/1\.1 400 /);
    expect(bad).toContain('{"error":{"code":"invalid_id"');
  });

  it('answers HEAD as GET, with its status and headers and no body (a stream answers at once, its body closed)', async () => {
    for (const [path, status] of [['/time', 200], ['/thresholds', 200], [`?ids=${USERS.alice}`, 200], ['?ids=nope', 400], ['/nope/x', 404], ['/stream', 200]] as const) {
      const response = await raw(path, { method: 'HEAD' });
      expect({ path, status: response.status, type: response.headers.get('content-type')?.split(';')[0], body: await response.text() }).toEqual({
        path,
        status,
        type: path === '/stream' ? 'text/event-stream' : 'application/json',
        body: '',
      });
    }
  });

  it('answers 401 without a user, 404 for a task that is not the caller’s, 409 for an illegal retry', async () => {
    const noUser = await fetch(`${server.url}/api/tasks?limit=1`);
    expect(noUser.status).toBe(401);
    expect(await noUser.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const { task } = await client('alice').submit('report', {});
    expect(memory('bob').getTask(task.id)).toBeUndefined(); // the memory stores number ids alike
    const bobCancels = await raw(`/${task.id}/cancel`, { method: 'POST', user: 'bob' });
    expect(bobCancels.status).toBe(404);
    expect(await raw('/nothing/here/at/all')).toMatchObject({ status: 404 });
    const running = memory('alice').worker.claim(task.id)!;
    memory('alice').worker.complete(task.id, running.attempt);
    expect((await raw(`/${task.id}/retry`, { method: 'POST' })).status).toBe(409);
  });

  it('answers a route it does not serve with 404 and a code that is not not_found (a missing task), naming where it is mounted', async () => {
    const { task } = await client('alice').submit('report', {});
    // A client whose baseUrl has one segment too many (a version prefix the server does not have).
    const wrong = createHttpSource({ baseUrl: `${server.url}/api/tasks/v2`, headers: { 'x-user': 'alice' }, stream: false });
    const calls = [() => wrong.cancel(task.id), () => wrong.retry(task.id), () => wrong.fetchEvents(task.id), () => wrong.fetchTasks([task.id]), () => wrong.serverTime(), () => wrong.fetchThresholds()];
    for (const call of calls) {
      const error = (await call().then(() => undefined, (e: unknown) => e)) as TaskError | undefined;
      // not_found would tell the user their task is gone, and stop the hooks asking for it.
      expect([error?.code, error?.details.status]).toEqual(['protocol', 404]);
      expect(error?.message).toContain('/api/tasks');
    }
    expect(memory('alice').getTask(task.id)?.status).toBe('pending');
    // (A known route asked with another method is 405: http-methods.test.ts.)
    for (const [path, method] of [[`/${task.id}`, 'GET'], [`/${task.id}`, 'DELETE'], ['/v2/time', 'GET']] as const) {
      const response = await raw(path, { method });
      expect({ path, method, status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code }).toEqual({ path, method, status: 404, code: 'protocol' });
    }
  });

  it('refuses a payload that cannot be JSON (a cycle, Infinity, NaN) with invalid_id before sending anything; a BigInt goes as its digits', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = (await client('alice').submit('report', cyclic).then(() => undefined, (e: unknown) => e)) as TaskError | undefined;
    // Not a TypeError (every source method rejects with a TaskError), nor `network`, which tells
    // the user the task may have been created.
    expect(error).toBeInstanceOf(TaskError);
    expect([error?.code, error?.retryable]).toEqual(['invalid_id', false]);
    // Infinity and NaN would go as null: the task would run on a payload the app never sent.
    for (const payload of [{ size: Infinity }, { steps: [Number.NaN] }]) {
      expect(await client('alice').submit('report', payload).then(() => 'sent', (e: unknown) => (e as TaskError).code)).toBe('invalid_id');
    }
    expect(server.requests.filter((r) => r.method === 'POST')).toEqual([]);
    // As supabase-js sends it, so that one payload works with every source.
    expect((await client('alice').submit('report', { n: 2n ** 64n })).task.payload).toEqual({ n: '18446744073709551616' });
  });

  it('turns error answers and unreachable servers into TaskErrors on the client', async () => {
    const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: unknown) => (e instanceof TaskError ? e.code : `not a TaskError: ${String(e)}`));
    expect(await codeOf(client(null).listTasks())).toBe('unauthorized');
    expect(await codeOf(client('alice').submit('nope', {}))).toBe('unknown_type');
    expect(await codeOf(client('bob').cancel(USERS.alice!))).toBe('not_found');
    expect(await codeOf(client('alice').fetchTasks(['bad']))).toBe('invalid_id');
    const unreachable = createHttpSource({ baseUrl: 'http://127.0.0.1:9/api/tasks', stream: false });
    expect(await codeOf(unreachable.fetchTasks([USERS.alice!]))).toBe('network');
    memory('alice').failNext(1, 'server');
    expect(await codeOf(client('alice').listTasks())).toBe('server');
    const notJson: typeof fetch = async () => new Response('<html>proxy error</html>', { status: 502 });
    expect(await codeOf(client('alice', notJson).listTasks())).toBe('server');
  });

  it('answers a temporary failure behind the server 503 with Retry-After, which the client retries; a permanent one or a bug 500', async () => {
    for (const failure of ['server', 'network'] as const) {
      memory('alice').failNext(1, failure);
      const answer = await raw('?limit=5');
      const expected = failure === 'network' ? { status: 503, retryAfter: '5' } : { status: 500, retryAfter: null };
      expect({ failure, status: answer.status, retryAfter: answer.headers.get('retry-after'), body: await answer.json() }).toEqual({
        failure,
        ...expected,
        body: { error: { code: 'server', message: expect.any(String) } },
      });
    }
    memory('alice').failNext(1, 'network');
    const seen = (await client('alice').listTasks().catch((e: unknown) => e)) as TaskError;
    expect({ code: seen.code, retryable: seen.retryable }).toEqual({ code: 'server', retryable: true });

    const failing = (error: unknown) => createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => { throw error; } });
    const answerTo = async (error: unknown) => {
      const answer = await failing(error)(new Request('http://test/api/tasks/time'));
      return { status: answer.status, retryAfter: answer.headers.get('retry-after') };
    };
    const temporary = { status: 503, retryAfter: '5' };
    const permanent = { status: 500, retryAfter: null };
    const cases: Array<[string, TaskError, typeof temporary | typeof permanent]> = [
      // What a database that cannot answer now reports (the SQLSTATE of node-postgres, PGlite or PostgREST).
      ['connection lost', new TaskError('server', 'x', { sqlstate: '08006' }), temporary],
      // PgBouncer's code for all its own errors: a saturated pool, a server down or shutting down.
      ['PgBouncer: pool saturated, server down', new TaskError('server', 'x', { sqlstate: '08P01' }), temporary],
      ['too many connections', new TaskError('server', 'x', { sqlstate: '53300' }), temporary],
      ['server restarting', new TaskError('server', 'x', { sqlstate: '57P01' }), temporary],
      ['server starting up', new TaskError('server', 'x', { sqlstate: '57P03' }), temporary],
      ['lock timeout', new TaskError('server', 'x', { sqlstate: '55P03' }), temporary],
      ['statement timeout', new TaskError('server', 'x', { sqlstate: '57014' }), temporary],
      ['serialization failure', new TaskError('server', 'x', { sqlstate: '40001' }), temporary],
      ['deadlock', new TaskError('server', 'x', { sqlstate: '40P01' }), temporary],
      // The supabase source: PostgREST answering 503 (PGRST00x, it cannot reach the database).
      ['PostgREST without its database', new TaskError('server', 'x', { status: 503 }), temporary],
      // Waiting does not help these: an outdated schema, a database that does not exist, a bug.
      ['function missing', new TaskError('server', 'x', { sqlstate: '42883' }), permanent],
      ['column missing', new TaskError('server', 'x', { sqlstate: '42703' }), permanent],
      ['check violation', new TaskError('server', 'x', { sqlstate: '23514' }), permanent],
      ['internal error', new TaskError('server', 'x', { sqlstate: 'XX000' }), permanent],
      ['no such database', new TaskError('server', 'x', { sqlstate: '3D000' }), permanent],
      // In class 53 but repeating all the same: a query over temp_file_limit.
      ['temp file limit', new TaskError('server', 'x', { sqlstate: '53400' }), permanent],
      ['no row returned', new TaskError('server', 'x'), permanent],
      ['PostgREST failing', new TaskError('server', 'x', { status: 500 }), permanent],
      ['malformed row', new TaskError('protocol', 'x'), permanent],
    ];
    for (const [name, error, expected] of cases) expect({ name, ...(await answerTo(error)) }).toEqual({ name, ...expected });
    // Not a TaskError: nothing says that waiting helps, and its message is not leaked.
    const bug = await failing(new Error('a bug'))(new Request('http://test/api/tasks/time'));
    expect({ status: bug.status, retryAfter: bug.headers.get('retry-after'), body: await bug.json() }).toEqual({
      status: 500,
      retryAfter: null,
      body: { error: { code: 'server', message: 'Internal server error' } },
    });
  });
});

describe('http source ⇄ task http handler: thresholds', () => {
  it('leaves out only a type whose thresholds are malformed; an answer malformed as a whole is still a protocol error', async () => {
    const good = { pendingWarnAfterMs: 600_000, pendingTimeoutMs: 1_800_000, heartbeatWarnAfterMs: 900_000, heartbeatTimeoutMs: 1_200_000, maxRuntimeMs: 7_200_000, cancelGraceMs: 120_000 };
    let served: unknown = { default: good, render: { ...good, heartbeatTimeoutMs: 6 * 3_600_000 }, broken: { ...good, maxRuntimeMs: -1 } };
    // The app's own server-side source, which the handler serves as it is.
    const memory = createMemorySource({ types: { report: {} } });
    const appSource: TaskSource = { ...memory, kind: 'app', fetchThresholds: async () => served as never };
    const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => appSource });
    const server = await serveHandler(handler);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const source = createHttpSource({ baseUrl: `${server.url}/api/tasks`, stream: false });
      const thresholds = await source.fetchThresholds();
      expect(Object.keys(thresholds).sort()).toEqual(['default', 'render']);
      expect(thresholds.render?.heartbeatTimeoutMs).toBe(6 * 3_600_000);
      expect(warn.mock.calls.map(([message]) => String(message))).toEqual([expect.stringMatching(/http source .* task type "broken"/)]);
      served = 'not thresholds';
      await expect(source.fetchThresholds()).rejects.toMatchObject({ code: 'protocol' });
    } finally {
      warn.mockRestore();
      handler.close();
      await server.close();
    }
  });
});
