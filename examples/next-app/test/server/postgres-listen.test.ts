import type { TestDatabase } from '@unstuck/supabase-example';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { openPostgresDatabase } from '../../lib/server/db/postgres';
import { nextAppDatabase, postgresMissingReason } from './pg';

// The PostgreSQL driver's one LISTEN connection when things go wrong: a LISTEN that fails, and a
// shutdown while it is reconnecting. Every connection it takes from the pool must go back, or the
// pool runs dry (8 connections: the demo hangs) and `close()` waits forever (the server never exits).
const missing = await postgresMissingReason();
if (missing) console.warn(`[next-app] LISTEN suite skipped: ${missing}`);

let testDb: TestDatabase;

beforeAll(async () => {
  if (!missing) testDb = await nextAppDatabase('listen');
});
afterAll(async () => {
  await testDb?.drop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Resolves with `promise`, or rejects saying what did not happen within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Makes every `listen …` statement of any pg client reject, as a failing server would. */
function failListen(times = Infinity): { count: () => number } {
  const original = pg.Client.prototype.query;
  let failed = 0;
  vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    if (typeof args[0] === 'string' && args[0].startsWith('listen ') && failed < times) {
      failed += 1;
      return Promise.reject(new Error('simulated: LISTEN refused'));
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original);
  return { count: () => failed };
}

describe.skipIf(!!missing)('the PostgreSQL driver LISTEN connection', () => {
  test('a LISTEN that fails gives its connection back: the pool can still close', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failures = failListen();
    const db = await openPostgresDatabase(testDb.url);
    const stop = await db.listen('unstuck_listen_test', () => undefined);
    await expect.poll(() => failures.count(), { timeout: 5_000 }).toBe(2); // it retries every second
    await stop();
    // pool.end() waits for every client taken from the pool: a leaked one makes it hang.
    await within(db.close(), 3_000, 'close() after a failed LISTEN');
  });

  test('after LISTEN failed and then worked, the pool still serves as many transactions as before', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failures = failListen(3);
    const db = await openPostgresDatabase(testDb.url);
    let stop = async () => undefined as void;
    try {
      let live = () => undefined as void;
      const listening = new Promise<void>((resolve) => (live = resolve));
      stop = await db.listen('unstuck_listen_test', () => undefined, (isLive) => isLive && live());
      await within(listening, 10_000, 'LISTEN after three failures');
      expect(failures.count()).toBe(3);
      // The pool holds 8: the LISTEN connection and 7 transactions at once, each waiting for the
      // others to have started. With the failed attempts' connections kept, only 4 ever start.
      let release = () => undefined as void;
      const allIn = new Promise<void>((resolve) => (release = resolve));
      let started = 0;
      const transactions = Array.from({ length: 7 }, () =>
        db.asOwner(async (sql) => {
          started += 1;
          if (started === 7) release();
          await allIn;
          return sql.query('select 1');
        }),
      );
      await within(allIn, 3_000, `7 transactions at once (${started} started)`).catch((error: Error) => {
        throw new Error(`${error.message}, ${started} started`);
      });
      await Promise.all(transactions);
    } finally {
      vi.restoreAllMocks(); // let close() and the next test use the real client
      await stop();
    }
    await within(db.close(), 3_000, 'close()');
  });

  test('a connection lost during its LISTEN is retried once, not by two loops that both listen', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // The connection breaks while LISTEN is on its way: the client reports an error and the
    // LISTEN rejects. Both used to schedule a reconnect, leaving two LISTEN connections (each
    // notification delivered twice, one connection never given back).
    const original = pg.Client.prototype.query;
    let broken = 0;
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      if (typeof args[0] === 'string' && args[0].startsWith('listen ') && broken === 0) {
        broken += 1;
        this.emit('error', new Error('simulated: connection lost'));
        return Promise.reject(new Error('simulated: connection lost'));
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original);
    const db = await openPostgresDatabase(testDb.url);
    const payloads: string[] = [];
    const states: boolean[] = [];
    const stop = await db.listen('unstuck_listen_twice', (payload) => payloads.push(payload), (isLive) => states.push(isLive));
    await expect.poll(() => states.at(-1), { timeout: 5_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a second loop would have listened by now
    await db.asOwner((sql) => sql.query("select pg_notify('unstuck_listen_twice', 'once')"));
    await expect.poll(() => payloads, { timeout: 5_000 }).toEqual(['once']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(payloads).toEqual(['once']);
    vi.restoreAllMocks();
    await stop();
    await within(db.close(), 3_000, 'close()');
  });

  /** Remembers every pg client that sends a LISTEN, without changing what it does. */
  function recordListeners(): pg.Client[] {
    const clients: pg.Client[] = [];
    const original = pg.Client.prototype.query;
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      if (typeof args[0] === 'string' && args[0].startsWith('listen ')) clients.push(this);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original);
    return clients;
  }

  /** Ends the LISTEN connection of the pool named `name` from the server's side, as a failover does. */
  async function terminateListen(name: string): Promise<void> {
    const admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and query ilike 'listen %'`,
        [name],
      );
      expect(rows).toHaveLength(1);
    } finally {
      await admin.end();
    }
  }

  test.each([
    ['the server ends it', (name: string) => terminateListen(name)],
    // what a silently dropped connection turns into once TCP keepalive probes go unanswered
    [
      'its keepalive times out',
      async (_name: string, listening: pg.Client) => {
        const socket = (listening as unknown as { connection: { stream: { destroy(error: Error): void } } }).connection.stream;
        socket.destroy(Object.assign(new Error('read ETIMEDOUT'), { code: 'ETIMEDOUT' }));
      },
    ],
  ])('a LISTEN connection lost because %s is re-established, and later notifications arrive', async (_how, lose) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const name = 'unstuck_listen_lost';
    const listeners = recordListeners();
    const db = await openPostgresDatabase(`${testDb.url}?application_name=${name}`);
    const payloads: string[] = [];
    const states: boolean[] = [];
    const stop = await db.listen('unstuck_listen_lost', (payload) => payloads.push(payload), (isLive) => states.push(isLive));
    try {
      expect(listeners).toHaveLength(1);
      await lose(name, listeners[0]!);
      await expect.poll(() => states, { timeout: 5_000 }).toEqual([true, false, true]);
      expect(listeners).toHaveLength(2); // a new connection, listening again
      await db.asOwner((sql) => sql.query("select pg_notify('unstuck_listen_lost', 'after')"));
      await expect.poll(() => payloads, { timeout: 5_000 }).toEqual(['after']);
    } finally {
      vi.restoreAllMocks();
      await stop();
    }
    await within(db.close(), 3_000, 'close()');
  });

  test('stopped while reconnecting: the connection it was getting is given back, and close() ends', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // Named, so that only this pool's connections are held and terminated below.
    const db = await openPostgresDatabase(`${testDb.url}?application_name=unstuck_listen_stop`);
    const states: boolean[] = [];
    const stop = await db.listen('unstuck_listen_test', () => undefined, (isLive) => states.push(isLive));
    expect(states).toEqual([true]);
    // The database goes away (a restart): the driver reconnects after a second. Hold that
    // reconnect in pool.connect(), as a database that is slow to come back would, and stop meanwhile.
    let open = () => undefined as void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const connect = pg.Pool.prototype.connect;
    let asked = 0;
    let handedOut = 0;
    vi.spyOn(pg.Pool.prototype, 'connect').mockImplementation(async function (this: pg.Pool & { options: pg.PoolConfig }) {
      if (!this.options.connectionString?.includes('unstuck_listen_stop')) return (connect as () => Promise<pg.PoolClient>).call(this);
      asked += 1;
      await gate;
      const client = await (connect as () => Promise<pg.PoolClient>).call(this);
      handedOut += 1;
      return client;
    } as typeof connect);
    await terminateListen('unstuck_listen_stop');
    await expect.poll(() => asked, { timeout: 5_000 }).toBe(1);
    expect(states).toEqual([true, false]);
    await stop();
    open();
    await expect.poll(() => handedOut, { timeout: 5_000 }).toBe(1);
    await within(db.close(), 3_000, 'close() after a stop during a reconnect');
    expect(states).toEqual([true, false]); // and it never claimed to be live again
  });
});
