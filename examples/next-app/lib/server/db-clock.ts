import type { Database } from './db/database';

/** How often the database clock is re-read (clocks drift slowly; a minute is plenty). */
const RESYNC_MS = 60_000;

export interface DbClock {
  /** The database clock now (epoch ms), estimated from the process clock and the last reading. */
  now(): number;
  /** Milliseconds the database clock is ahead of this process's clock. */
  readonly offsetMs: number;
  stop(): void;
}

/**
 * Reads `server_time()` once, then answers the database clock from the process clock plus that
 * offset. Browsers sample `/api/tasks/time` to learn the server clock from the midpoint of each
 * round trip; when that request waits in the embedded database's queue (one connection, shared
 * with the worker, the reaper and every poll) the reading lands late in the round trip and the
 * browser's estimate is off by up to half of it, so a warning shows too early or too late.
 * Answered from memory, the reading sits where the handler runs. The offset itself is measured
 * at start, on an idle connection, with a sub-millisecond error on this machine, then re-read
 * every minute; a re-read replaces it only if it is as precise or shows the clock really moved.
 */
export async function startDbClock(db: Database): Promise<DbClock> {
  let offsetMs = 0;
  /** Half the round trip of the reading in use: how far off its offset may be. */
  let errorMs = Infinity;
  const measure = async () => {
    const sentAt = Date.now();
    const [row] = await db.asOwner((sql) =>
      sql.query<{ value: number }>('select extract(epoch from public.server_time())::float8 * 1000 as value'),
    );
    const receivedAt = Date.now();
    if (!row || !Number.isFinite(row.value)) return;
    const offset = row.value - (sentAt + receivedAt) / 2;
    const error = (receivedAt - sentAt) / 2;
    // The re-reads run while the demo is busy: one that waited in the embedded database's queue
    // is off by up to half its round trip (it shifted the clock by ~0.4 s a minute under load,
    // and the browsers' warnings with it). Taken when at least as precise as the one in use, or
    // when it cannot be explained by its own imprecision (the database clock really moved).
    if (error <= errorMs || Math.abs(offset - offsetMs) > error) {
      offsetMs = offset;
      errorMs = error;
    }
  };
  await measure();
  const timer = setInterval(() => void measure().catch(() => undefined), RESYNC_MS);
  timer.unref?.();
  return {
    now: () => Date.now() + offsetMs,
    get offsetMs() {
      return offsetMs;
    },
    stop: () => clearInterval(timer),
  };
}
