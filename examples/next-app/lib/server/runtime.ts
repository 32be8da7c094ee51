import { join } from 'node:path';
import type { TaskSource } from '@unstuck/task-hooks/core';
import { DEMO_TASK_TYPES } from '../demo-types';
import { startChangeFeed, type ChangeFeed } from './change-feed';
import type { Database } from './db/database';
import { ensureSchema } from './db/schema';
import { startReaper, type Reaper } from './reaper-schedule';
import { seedDemoTypes } from './seed';
import { createDbTaskSource } from './task-source';
import { startSimulatedWorker, type SimulatedWorker } from './worker/worker';

/** Everything the server side of the demo runs: one of each per process. */
export interface Runtime {
  db: Database;
  feed: ChangeFeed;
  worker: SimulatedWorker;
  reaper: Reaper;
  /** The task source of one demo user (every call a transaction as that user, under RLS). */
  sourceFor(userId: string): TaskSource;
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

async function startRuntime(): Promise<Runtime> {
  const started = Date.now();
  const db = await openDatabase();
  await ensureSchema(db);
  await seedDemoTypes(db);
  const feed = await startChangeFeed(db);
  const worker = startSimulatedWorker(
    db,
    DEMO_TASK_TYPES.map((t) => t.type),
  );
  feed.subscribe(async () => worker.wake(), { onConnection: () => undefined });
  const reaper = await startReaper(db);
  console.info(`[unstuck] ${db.kind} database, worker and reaper ready in ${Date.now() - started} ms`);
  return {
    db,
    feed,
    worker,
    reaper,
    sourceFor: (userId) => createDbTaskSource(db, userId, feed),
    async stop() {
      worker.stop();
      reaper.stop();
      await feed.close();
      await db.close();
    },
  };
}

// Kept on globalThis so that Next's dev hot reloads, which re-evaluate this module, reuse the one
// database, worker and reaper instead of starting a second set.
const holder = globalThis as typeof globalThis & { __unstuckRuntime?: Promise<Runtime> };

/** The process's runtime, started lazily by the first request that needs it. */
export function getRuntime(): Promise<Runtime> {
  if (!holder.__unstuckRuntime) {
    holder.__unstuckRuntime = startRuntime().catch((error: unknown) => {
      holder.__unstuckRuntime = undefined; // let the next request try again
      throw error;
    });
  }
  return holder.__unstuckRuntime;
}
