import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Database, Sql } from '../../lib/server/db/database';
import { startDbClock } from '../../lib/server/db-clock';

// The database clock the /time route answers from, re-read every minute. The embedded database
// has one connection: a re-read can wait behind the worker, the reaper and every poll, and a
// reading taken late in its round trip must not shift the clock by half that round trip.

/** A database whose clock is `ahead` ms ahead of this process, reading it `before` ms into each query of `before + after` ms. */
function fakeDb() {
  const timing = { ahead: 5_000, before: 0, after: 0 };
  const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
  const sql: Sql = {
    async query<Row>() {
      await sleep(timing.before);
      const value = Date.now() + timing.ahead;
      await sleep(timing.after);
      return [{ value }] as Row[];
    },
    exec: async () => undefined,
  };
  const run = <T>(fn: (s: Sql) => Promise<T>) => fn(sql);
  const db = { kind: 'pglite', asOwner: run, asService: run, asUser: (_u: string, fn: (s: Sql) => Promise<unknown>) => run(fn) } as unknown as Database;
  return { db, timing };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-12-05T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startDbClock', () => {
  test('a re-read that waited in a queue before reading the clock leaves the clock where it was', async () => {
    const { db, timing } = fakeDb();
    const clock = await startDbClock(db);
    expect(clock.now() - Date.now()).toBe(5_000);
    // Busy: the next reading happens 900 ms into a 1000 ms round trip (a 400 ms error, were it taken).
    Object.assign(timing, { before: 900, after: 100 });
    await vi.advanceTimersByTimeAsync(61_000);
    expect(Math.abs(clock.now() - Date.now() - 5_000)).toBeLessThanOrEqual(5);
    clock.stop();
  });

  test('a database clock that really moved is followed, even by a slow reading', async () => {
    const { db, timing } = fakeDb();
    const clock = await startDbClock(db);
    Object.assign(timing, { ahead: 15_000, before: 900, after: 100 }); // stepped 10 s
    await vi.advanceTimersByTimeAsync(61_000);
    expect(Math.abs(clock.now() - Date.now() - 15_000)).toBeLessThanOrEqual(500); // within the reading's half round trip
    // Quiet again: the next precise reading takes over.
    Object.assign(timing, { before: 0, after: 0 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clock.now() - Date.now()).toBe(15_000);
    clock.stop();
  });
});
