import { join } from 'node:path';
import { TaskError, type TaskSource } from '@unstuck/task-hooks/core';
import { isTransientFailure } from '@unstuck/task-hooks/server';
import { DEMO_TASK_TYPES } from '../demo-types';
import { startChangeFeed, type ChangeFeed } from './change-feed';
import { startDbClock, type DbClock } from './db-clock';
import type { Database } from './db/database';
import { toTaskError } from './db/errors';
import { ensureSchema } from './db/schema';
import { startReaper, type Reaper } from './reaper-schedule';
import { seedDemoTypes } from './seed';
import { createDbTaskSource } from './task-source';
import { startSimulatedWorker, type SimulatedWorker } from './worker/worker';

/** Everything the server side of the demo runs: one of each per process. */
export interface Runtime {
  db: Database;
  feed: ChangeFeed;
  clock: DbClock;
  worker: SimulatedWorker;
  reaper: Reaper;
  stop(): Promise<void>;
}

/** Where the embedded database lives; `UNSTUCK_DATA_DIR` moves it (the e2e tests use a temp dir). */
export function pgliteDataDir(): string {
  return process.env.UNSTUCK_DATA_DIR ?? join(/* turbopackIgnore: true */ process.cwd(), '.data', 'pglite');
}

async function openDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { openPostgresDatabase } = await import('./db/postgres');
    return openPostgresDatabase(url);
  }
  const { openPGliteDatabase } = await import('./db/pglite');
  return openPGliteDatabase(pgliteDataDir());
}

/**
 * Runs `steps` last first, every one of them even when one fails, and answers the first failure
 * (undefined when all went well).
 */
async function runInReverse(steps: ReadonlyArray<() => unknown>): Promise<unknown> {
  let failure: unknown;
  for (const step of [...steps].reverse()) {
    await Promise.resolve().then(step).catch((error: unknown) => {
      failure ??= error;
    });
  }
  return failure;
}

async function startRuntime(): Promise<Runtime> {
  const started = Date.now();
  // What is running so far, in start order. Stopped last first, both by stop() and should a later
  // step fail: the next request starts everything again, and a failed start used to leave its
  // pool, LISTEN connection, worker and clock running beside the new ones (one more set per
  // request; for PGlite, a second database on the same folder).
  const running: Array<() => unknown> = [];
  try {
    const db = await openDatabase();
    running.push(() => db.close());
    await ensureSchema(db);
    await seedDemoTypes(db);
    const feed = await startChangeFeed(db);
    running.push(() => feed.close());
    const clock = await startDbClock(db);
    running.push(() => clock.stop());
    const worker = startSimulatedWorker(
      db,
      DEMO_TASK_TYPES.map((t) => t.type),
    );
    running.push(() => worker.stop());
    // Only a new pending task is news to the worker; heartbeats and finishes are not.
    feed.subscribe(async (changes) => {
      if (changes.some((c) => c.status === 'pending' || c.status === null)) worker.wake();
    }, { onConnection: () => undefined });
    const reaper = await startReaper(db);
    running.push(() => reaper.stop());
    console.info(`[unstuck] ${db.kind} database, worker and reaper ready in ${Date.now() - started} ms`);
    return {
      db,
      feed,
      clock,
      worker,
      reaper,
      async stop() {
        const failure = await runInReverse(running);
        if (failure !== undefined) throw failure;
      },
    };
  } catch (error) {
    await runInReverse(running); // the start's own failure is the one to report
    throw error;
  }
}

/**
 * The task source of one demo user (every call a transaction as that user, under RLS). Made by
 * the caller's own copy of this module, not stored in the runtime: Next bundles pages and route
 * handlers separately, and a TaskError must come from the same copy of the package as the code
 * that checks it (`instanceof` in createTaskHttpHandler).
 */
export async function taskSourceFor(userId: string): Promise<TaskSource> {
  const runtime = await getRuntime().catch((error: unknown) => {
    // A start that failed is the contract's `server` error, saying what is wrong; the cause stays in
    // the log (getRuntime), not in the answer. Temporary (the database did not answer within the
    // pool's connect timeout, or is restarting) it is a 503 that every client retries; otherwise (a
    // database that does not exist, a schema that cannot be migrated) a 500: retrying cannot help.
    const failure = toTaskError(error);
    const details = { cause: error, ...(failure.details.sqlstate ? { sqlstate: failure.details.sqlstate } : {}) };
    if (isTransientFailure(failure)) {
      throw new TaskError(failure.code, 'The task database is not available right now; try again shortly.', details);
    }
    throw new TaskError('server', 'The task database could not start; the server log says why.', details);
  });
  return createDbTaskSource(runtime.db, userId, runtime.feed, runtime.clock);
}

// Kept on globalThis so that Next's dev hot reloads, which re-evaluate this module, reuse the one
// database, worker and reaper instead of starting a second set.
const holder = globalThis as typeof globalThis & { __unstuckRuntime?: Promise<Runtime> };

/** The process's runtime, started lazily by the first request that needs it. */
export function getRuntime(): Promise<Runtime> {
  if (!holder.__unstuckRuntime) {
    holder.__unstuckRuntime = startRuntime().catch((error: unknown) => {
      holder.__unstuckRuntime = undefined; // let the next request try again
      // The API answers this with a general `server` error (taskSourceFor): without this line
      // nobody learns why the demo does not work.
      console.error('[unstuck] start failed, the next request tries again:', error);
      throw error;
    });
  }
  return holder.__unstuckRuntime;
}
