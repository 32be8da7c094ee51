import { isTransientFailure } from '@unstuck/task-hooks/server';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { toTaskError } from '../../lib/server/db/errors';
import { rejectionOf } from './dead-database';
import { postgresMissingReason } from './pg';

// What the API makes of what the real driver throws: a database that cannot answer now is a 503
// with Retry-After, one that will never answer as configured (a schema without a function, a
// database that does not exist) a 500. Both were 503: "come back in 5 s", for ever.
const missing = await postgresMissingReason();
if (missing) console.warn(`[next-app] database errors suite partly skipped: ${missing}`);

const ALICE = '0a11ce00-0000-4000-8000-000000000005';
const POSTGRES = process.env.UNSTUCK_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A port on this machine that nothing listens on, and one whose server hangs up on every connection. */
let refusing: string;
let hangingUp: { url: string; close(): Promise<void> };
beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  refusing = `postgres://postgres@127.0.0.1:${(probe.address() as { port: number }).port}/postgres`;
  await new Promise((resolve) => probe.close(resolve));
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hangingUp = {
    url: `postgres://postgres@127.0.0.1:${(server.address() as { port: number }).port}/postgres`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
});
afterAll(() => hangingUp?.close());

async function driverError(url: string, text = 'select 1'): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  return rejectionOf(client.connect().then(() => client.query(text)).finally(() => client.end().catch(() => undefined)));
}

function classified(error: unknown) {
  const taskError = toTaskError(error);
  return { code: taskError.code, sqlstate: taskError.details.sqlstate, transient: isTransientFailure(taskError) };
}

describe('driver errors', () => {
  test('a connection refused or hung up on, without a SQLSTATE, never got an answer: network, transient', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(classified(await driverError(refusing))).toEqual({ code: 'network', sqlstate: undefined, transient: true });
    expect(classified(await driverError(hangingUp.url))).toEqual({ code: 'network', sqlstate: undefined, transient: true });
  });

  test.skipIf(!!missing)('a function missing from the schema, or a database that does not exist: server, not transient', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(classified(await driverError(POSTGRES, 'select public.no_such_function()'))).toEqual({ code: 'server', sqlstate: '42883', transient: false });
    const noSuchDb = POSTGRES.replace(/\/[^/]*$/, '/unstuck_no_such_db');
    expect(classified(await driverError(noSuchDb))).toEqual({ code: 'server', sqlstate: '3D000', transient: false });
  });
});

describe('the API', () => {
  async function answerWith(databaseUrl: string) {
    vi.spyOn(console, 'error').mockImplementation(() => undefined); // the failed start is logged
    vi.stubEnv('DATABASE_URL', databaseUrl);
    try {
      const { GET } = await import('../../app/api/tasks/[[...path]]/route');
      const response = await GET(new Request('http://localhost/api/tasks?limit=5', { headers: { cookie: `unstuck_demo_user=${ALICE}` } }));
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
    } finally {
      vi.unstubAllEnvs();
    }
  }

  test('answers a database that refuses connections 503 with Retry-After', async () => {
    expect(await answerWith(refusing)).toEqual({
      status: 503,
      retryAfter: '5',
      body: { error: { code: 'server', message: expect.stringMatching(/not available/) } },
    });
  });

  test.skipIf(!!missing)('answers a DATABASE_URL naming a database that does not exist 500, without Retry-After', async () => {
    expect(await answerWith(POSTGRES.replace(/\/[^/]*$/, '/unstuck_no_such_db'))).toEqual({
      status: 500,
      retryAfter: null,
      body: { error: { code: 'server', message: expect.stringMatching(/could not start/) } },
    });
  });
});
