// `pnpm --filter @unstuck/example-next-app worker`: the demo's simulated worker as a process of its
// own, for a Supabase project (or any PostgreSQL) where the Next server does not run one.
// DATABASE_URL must reach the database as a role that may `set role service_role` (on Supabase:
// the `postgres` user's connection string). With --reaper it also calls reap_stuck_tasks() every
// second, for projects where pg_cron cannot run that often.
import { DEMO_TASK_TYPES } from '../lib/demo-types';
import { startChangeFeed } from '../lib/server/change-feed';
import { openPostgresDatabase } from '../lib/server/db/postgres';
import { startIntervalReaper } from '../lib/server/reaper';
import { seedDemoTypes } from '../lib/server/seed';
import { startSimulatedWorker } from '../lib/server/worker/worker';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to the database the demo uses (Supabase: Project Settings → Database).');
  process.exit(1);
}

const db = await openPostgresDatabase(url);
await seedDemoTypes(db);
const worker = startSimulatedWorker(db, DEMO_TASK_TYPES.map((t) => t.type));
const feed = await startChangeFeed(db);
// Only a new pending task is news to the worker; heartbeats and finishes are not.
feed.subscribe(async (changes) => {
  if (changes.some((c) => c.status === 'pending' || c.status === null)) worker.wake();
}, { onConnection: () => undefined });
const reaper = process.argv.includes('--reaper') ? startIntervalReaper(db) : null;
console.log(`Simulated worker running for ${DEMO_TASK_TYPES.map((t) => t.type).join(', ')}${reaper ? ' with the reaper every second' : ''}. Ctrl+C stops it.`);

// The worker's timers are unref'd so a server process may exit freely; this one keeps itself alive.
const keepAlive = setInterval(() => undefined, 60_000);
process.on('SIGINT', async () => {
  clearInterval(keepAlive);
  worker.stop();
  reaper?.stop();
  await feed.close();
  await db.close();
  process.exit(0);
});
