// Bad input against every client RPC, the worker RPCs from the wrong role, and every HTTP route of
// createTaskHttpHandler: each must answer its documented error code (docs/CONTRACT.md "Errors")
// and leave tasks + task_events exactly as they were (same checksum before and after).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaskHttpServer, USER_HEADER, type TaskHttpServer } from '../src/watchers/http-server';
import { HOSTILE, startMatrixWorld, type Caller, type MatrixWorld } from './helpers/matrix-fixture';
import { pgUp } from './helpers/postgres';

interface RpcCase {
  name: string;
  caller: Caller;
  sql: string;
  params: (w: MatrixWorld) => unknown[];
  expected: string;
}

const id = (pick: (w: MatrixWorld) => string) => (w: MatrixWorld) => [pick(w)];
const WORKER_RPCS = [
  ['claim_task', 'public.claim_task($1)', id((w) => w.pendingId)],
  ['heartbeat_task', 'public.heartbeat_task($1, $2)', (w: MatrixWorld) => [w.runningId, w.runningAttempt]],
  ['complete_task', 'public.complete_task($1, $2)', (w: MatrixWorld) => [w.runningId, w.runningAttempt]],
  ['fail_task', 'public.fail_task($1, $2)', (w: MatrixWorld) => [w.runningId, w.runningAttempt]],
  ['ack_task_cancel', 'public.ack_task_cancel($1, $2)', (w: MatrixWorld) => [w.runningId, w.runningAttempt]],
  ['reap_stuck_tasks', 'public.reap_stuck_tasks()', () => []],
] as const;

const RPC_CASES: RpcCase[] = [
  // submit_task
  { name: 'submit_task: null type', caller: 'owner', sql: 'public.submit_task($1)', params: () => [null], expected: 'unknown_type' },
  { name: 'submit_task: empty type', caller: 'owner', sql: 'public.submit_task($1)', params: () => [''], expected: 'unknown_type' },
  { name: 'submit_task: SQL-looking type', caller: 'owner', sql: 'public.submit_task($1)', params: () => [HOSTILE.sql], expected: 'unknown_type' },
  { name: 'submit_task: 10 000-char type', caller: 'owner', sql: 'public.submit_task($1)', params: () => [HOSTILE.long], expected: 'unknown_type' },
  { name: 'submit_task: payload over 64 KiB', caller: 'owner', sql: 'public.submit_task($1, $2)', params: () => ['default', HOSTILE.bigPayload], expected: 'payload_too_large' },
  { name: 'submit_task: malformed JSON payload', caller: 'owner', sql: 'public.submit_task($1, $2)', params: () => ['default', '{"a":'], expected: 'invalid_id' },
  { name: 'submit_task: no signed-in user', caller: 'no_user', sql: 'public.submit_task($1)', params: () => ['default'], expected: 'unauthorized' },
  { name: 'submit_task: as anon', caller: 'anon', sql: 'public.submit_task($1)', params: () => ['default'], expected: 'unauthorized' },
  // request_task_cancel
  { name: 'request_task_cancel: not a uuid', caller: 'owner', sql: 'public.request_task_cancel($1)', params: () => [HOSTILE.notUuid], expected: 'invalid_id' },
  { name: 'request_task_cancel: SQL-looking id', caller: 'owner', sql: 'public.request_task_cancel($1)', params: () => [HOSTILE.sql], expected: 'invalid_id' },
  { name: 'request_task_cancel: null id', caller: 'owner', sql: 'public.request_task_cancel($1)', params: () => [null], expected: 'not_found' },
  { name: 'request_task_cancel: unknown id', caller: 'owner', sql: 'public.request_task_cancel($1)', params: () => [randomUUID()], expected: 'not_found' },
  { name: "request_task_cancel: another user's pending task", caller: 'other', sql: 'public.request_task_cancel($1)', params: id((w) => w.pendingId), expected: 'not_found' },
  { name: "request_task_cancel: another user's running task", caller: 'other', sql: 'public.request_task_cancel($1)', params: id((w) => w.runningId), expected: 'not_found' },
  { name: 'request_task_cancel: no signed-in user', caller: 'no_user', sql: 'public.request_task_cancel($1)', params: id((w) => w.pendingId), expected: 'unauthorized' },
  { name: 'request_task_cancel: as anon', caller: 'anon', sql: 'public.request_task_cancel($1)', params: id((w) => w.pendingId), expected: 'unauthorized' },
  // retry_task
  { name: 'retry_task: not a uuid', caller: 'owner', sql: 'public.retry_task($1)', params: () => [HOSTILE.sql], expected: 'invalid_id' },
  { name: 'retry_task: unknown id', caller: 'owner', sql: 'public.retry_task($1)', params: () => [randomUUID()], expected: 'not_found' },
  { name: "retry_task: another user's completed task", caller: 'other', sql: 'public.retry_task($1)', params: id((w) => w.completedId), expected: 'not_found' },
  { name: 'retry_task: own completed task', caller: 'owner', sql: 'public.retry_task($1)', params: id((w) => w.completedId), expected: 'illegal_state' },
  { name: 'retry_task: own healthy running task', caller: 'owner', sql: 'public.retry_task($1)', params: id((w) => w.runningId), expected: 'illegal_state' },
  { name: 'retry_task: own healthy pending task', caller: 'owner', sql: 'public.retry_task($1)', params: id((w) => w.pendingId), expected: 'illegal_state' },
  { name: 'retry_task: as anon', caller: 'anon', sql: 'public.retry_task($1)', params: id((w) => w.completedId), expected: 'unauthorized' },
  // server_time: no input to get wrong, open to every role, writes nothing
  { name: 'server_time: as anon', caller: 'anon', sql: 'public.server_time()', params: () => [], expected: 'ok' },
  { name: 'server_time: extra argument', caller: 'owner', sql: 'public.server_time($1)', params: () => [HOSTILE.sql], expected: 'sqlstate 42883' },
  // worker RPCs from the wrong roles
  ...WORKER_RPCS.flatMap(([fn, sql, params]) =>
    (['owner', 'anon', 'no_user'] as const).map((caller): RpcCase => ({ name: `${fn}: as ${caller === 'owner' ? 'a signed-in user' : caller}`, caller, sql, params, expected: 'unauthorized' })),
  ),
  // worker RPCs with bad arguments (right role)
  { name: 'claim_task: neither id nor type', caller: 'service', sql: 'public.claim_task(null, null)', params: () => [], expected: 'invalid_id' },
  { name: 'claim_task: SQL-looking id', caller: 'service', sql: 'public.claim_task($1)', params: () => [HOSTILE.sql], expected: 'invalid_id' },
  { name: 'heartbeat_task: progress 2', caller: 'service', sql: 'public.heartbeat_task($1, $2, 2)', params: (w) => [w.runningId, w.runningAttempt], expected: 'invalid_id' },
  { name: 'heartbeat_task: unknown task', caller: 'service', sql: 'public.heartbeat_task($1, 1)', params: () => [randomUUID()], expected: 'not_found' },
  { name: 'fail_task: SQL-looking error code', caller: 'service', sql: 'public.fail_task($1, $2, $3)', params: (w) => [w.runningId, w.runningAttempt, HOSTILE.sql], expected: 'invalid_id' },
  { name: 'complete_task: result over 64 KiB', caller: 'service', sql: 'public.complete_task($1, $2, $3)', params: (w) => [w.runningId, w.runningAttempt, HOSTILE.bigPayload], expected: 'payload_too_large' },
];

describe.skipIf(!pgUp)('bad input against the RPCs', () => {
  let world: MatrixWorld;
  beforeAll(async () => {
    world = await startMatrixWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it.each(RPC_CASES)('$name → $expected, nothing written', async (c) => {
    const before = await world.checksum();
    const answer = await world.call(c.caller, c.sql, c.params(world));
    expect(answer.code).toBe(c.expected);
    // The contract's own errors (UT…) name their code first: `not_found: task … is not yours`.
    if (answer.sqlstate.startsWith('UT')) expect(answer.message).toMatch(new RegExp(`^${c.expected}: `));
    expect(await world.checksum()).toBe(before);
  });
});

interface HttpCase {
  name: string;
  method: 'GET' | 'POST';
  /** Path under the base URL (starting with '' or '/…' or '?…'). */
  path: (w: MatrixWorld) => string;
  /** Raw body text. */
  body?: string;
  /** The Content-Type sent; null sends none. @default 'application/json' */
  contentType?: string | null;
  as?: 'owner' | 'other' | 'nobody' | 'garbage';
  status: number;
  /** The error code of the body, or a check of a 200 body. */
  expected: string | ((body: Record<string, unknown>) => boolean);
}

const q = encodeURIComponent;
const HTTP_CASES: HttpCase[] = [
  { name: 'POST: malformed JSON', method: 'POST', path: () => '', body: '{"type":', status: 400, expected: 'invalid_id' },
  { name: 'POST: JSON array body', method: 'POST', path: () => '', body: '[1,2]', status: 400, expected: 'invalid_id' },
  { name: 'POST: type is a number', method: 'POST', path: () => '', body: '{"type":42}', status: 400, expected: 'unknown_type' },
  { name: 'POST: SQL-looking type', method: 'POST', path: () => '', body: JSON.stringify({ type: HOSTILE.sql }), status: 400, expected: 'unknown_type' },
  { name: 'POST: payload over the type cap', method: 'POST', path: () => '', body: `{"type":"default","payload":${HOSTILE.bigPayload}}`, status: 400, expected: 'payload_too_large' },
  { name: 'POST: body over 1 MiB', method: 'POST', path: () => '', body: JSON.stringify({ type: 'default', payload: 'z'.repeat(1_100_000) }), status: 400, expected: 'payload_too_large' },
  { name: 'POST: nobody signed in', method: 'POST', path: () => '', body: '{"type":"default"}', as: 'nobody', status: 401, expected: 'unauthorized' },
  { name: 'POST: garbage identity', method: 'POST', path: () => '', body: '{"type":"default"}', as: 'garbage', status: 401, expected: 'unauthorized' },
  { name: 'GET ids: not uuids', method: 'GET', path: () => `?ids=${q(HOSTILE.sql)}`, status: 400, expected: 'invalid_id' },
  { name: 'GET ids: 101 ids', method: 'GET', path: () => `?ids=${Array.from({ length: 101 }, () => randomUUID()).join(',')}`, status: 400, expected: 'invalid_id' },
  { name: "GET ids: another user's ids are absent", method: 'GET', path: (w) => `?ids=${w.pendingId},${w.completedId}`, as: 'other', status: 200, expected: (b) => Array.isArray(b.tasks) && b.tasks.length === 0 },
  { name: 'GET limit: not a number', method: 'GET', path: () => `?limit=${q('1; select 1')}`, status: 400, expected: 'invalid_id' },
  // The contract's range is 1..1000, as every source's listTasks: the largest is served, one more is refused.
  { name: 'GET limit: 1000 is served', method: 'GET', path: () => '?limit=1000', status: 200, expected: (b) => Array.isArray(b.tasks) },
  { name: 'GET limit: 1001', method: 'GET', path: () => '?limit=1001', status: 400, expected: 'invalid_id' },
  { name: 'GET limit: 0', method: 'GET', path: () => '?limit=0', status: 400, expected: 'invalid_id' },
  { name: 'GET active: SQL-looking type finds nothing', method: 'GET', path: () => `?type=${q(HOSTILE.sql)}&active=1`, status: 200, expected: (b) => b.task === null },
  { name: 'GET active: no type', method: 'GET', path: () => '?active=1', status: 400, expected: 'unknown_type' },
  { name: 'GET events: not a uuid', method: 'GET', path: () => `/${q(HOSTILE.sql)}/events`, status: 400, expected: 'invalid_id' },
  { name: "GET events: another user's task", method: 'GET', path: (w) => `/${w.completedId}/events`, as: 'other', status: 404, expected: 'not_found' },
  { name: 'GET: broken percent-encoding', method: 'GET', path: () => '/%E0%A4%A/events', status: 400, expected: 'invalid_id' },
  // `protocol`, not `not_found`: a route that is not there is a wrong address, not a missing task.
  { name: 'GET: unknown route', method: 'GET', path: () => `/${q(HOSTILE.sql)}`, status: 404, expected: 'protocol' },
  { name: 'GET active: a value other than 1', method: 'GET', path: () => '?type=report&active=0', status: 400, expected: 'invalid_id' },
  { name: 'POST cancel: SQL-looking id', method: 'POST', path: () => `/${q(HOSTILE.sql)}/cancel`, status: 400, expected: 'invalid_id' },
  { name: 'POST cancel: unknown id', method: 'POST', path: () => `/${randomUUID()}/cancel`, status: 404, expected: 'not_found' },
  { name: "POST cancel: another user's pending task", method: 'POST', path: (w) => `/${w.pendingId}/cancel`, as: 'other', status: 404, expected: 'not_found' },
  { name: "POST cancel: another user's running task", method: 'POST', path: (w) => `/${w.runningId}/cancel`, as: 'other', status: 404, expected: 'not_found' },
  { name: 'POST cancel: nobody signed in', method: 'POST', path: (w) => `/${w.pendingId}/cancel`, as: 'nobody', status: 401, expected: 'unauthorized' },
  { name: 'POST retry: own completed task', method: 'POST', path: (w) => `/${w.completedId}/retry`, status: 409, expected: 'illegal_state' },
  { name: 'POST retry: own healthy running task', method: 'POST', path: (w) => `/${w.runningId}/retry`, status: 409, expected: 'illegal_state' },
  { name: "POST retry: another user's task", method: 'POST', path: (w) => `/${w.completedId}/retry`, as: 'other', status: 404, expected: 'not_found' },
  { name: 'POST retry: 10 000-char id', method: 'POST', path: () => `/${HOSTILE.long}/retry`, status: 400, expected: 'invalid_id' },
  // What another site can send with the user's cookie and no CORS preflight: refused, nothing done.
  { name: "POST: another site's form (urlencoded)", method: 'POST', path: () => '', body: 'type=default', contentType: 'application/x-www-form-urlencoded', status: 415, expected: 'invalid_id' },
  { name: 'POST cancel: own task, no Content-Type (no-cors fetch)', method: 'POST', path: (w) => `/${w.pendingId}/cancel`, contentType: null, status: 415, expected: 'invalid_id' },
  { name: 'POST retry: own task, text/plain', method: 'POST', path: (w) => `/${w.completedId}/retry`, body: '{}', contentType: 'text/plain', status: 415, expected: 'invalid_id' },
];

describe.skipIf(!pgUp)('bad input against the HTTP routes (createTaskHttpHandler)', () => {
  let world: MatrixWorld;
  let server: TaskHttpServer;
  beforeAll(async () => {
    world = await startMatrixWorld();
    server = await startTaskHttpServer(world.db.url);
  });
  afterAll(async () => {
    await server?.close();
    await world?.close();
  });

  it.each(HTTP_CASES)('$name → $status', async (c) => {
    const before = await world.checksum();
    const identity = { owner: world.owner, other: world.other, nobody: null, garbage: HOSTILE.sql }[c.as ?? 'owner'];
    const response = await fetch(`${server.baseUrl}${c.path(world)}`, {
      method: c.method,
      headers: {
        ...(c.contentType !== null ? { 'content-type': c.contentType ?? 'application/json' } : {}),
        ...(identity ? { [USER_HEADER]: identity } : {}),
      },
      ...(c.body !== undefined ? { body: c.body } : {}),
    });
    const body = (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } };
    expect(response.status).toBe(c.status);
    if (typeof c.expected === 'string') {
      expect(body.error?.code).toBe(c.expected);
      expect(typeof body.error?.message).toBe('string');
    } else {
      expect(c.expected(body)).toBe(true);
    }
    expect(await world.checksum()).toBe(before);
  });
});
