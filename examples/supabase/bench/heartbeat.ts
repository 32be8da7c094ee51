// Heartbeat benchmark: what one `heartbeat_task` call costs the database, for a small payload and
// for a large one (480 kB of JSON text, under the 1 MiB a type may allow). A heartbeat never
// writes the payload, so its cost should not depend on the payload's size. Run by
// `pnpm --filter @unstuck/supabase-example bench` after the reaper benchmark, in a database of
// its own (dropped at the end); each figure is the median of BEATS calls, one transaction each.
import pg from 'pg';
import { createTestDatabase, withService } from '../src/index';

const BEATS = 300;
const USER = '00000000-0000-4000-8000-00000000b0b0';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function runningTaskWith(client: pg.Client, payload: unknown): Promise<{ id: string; attempt: number }> {
  const { rows } = await client.query(
    "insert into public.tasks (user_id, type, payload) values ($1, 'bench_large', $2) returning id",
    [USER, JSON.stringify(payload)],
  );
  const id: string = rows[0].id;
  const claimed = await withService(client, (c) => c.query('select public.claim_task($1) as t', [id]));
  return { id, attempt: (claimed as pg.QueryResult).rows[0].t.attempt };
}

async function heartbeatMedianMs(client: pg.Client, task: { id: string; attempt: number }): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < BEATS; i += 1) {
    const start = performance.now();
    const result = await withService(client, (c) =>
      c.query('select public.heartbeat_task($1, $2, $3) as r', [task.id, task.attempt, i / BEATS]),
    );
    times.push(performance.now() - start);
    if (!(result as pg.QueryResult).rows[0].r.accepted) throw new Error('heartbeat refused');
  }
  return median(times);
}

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_heartbeat');
  const client = new pg.Client(db.url);
  await client.connect();
  try {
    await client.query(
      "insert into public.task_types (type, max_payload_bytes) values ('bench_large', 1048576)",
    );
    const large = Object.fromEntries(Array.from({ length: 8000 }, (_, i) => [`k${i}`, 'x'.repeat(50)]));
    const sizes: [string, unknown][] = [['small payload (16 B)', { bench: true }], ['large payload (480 kB)', large]];
    for (const [label, payload] of sizes) {
      const task = await runningTaskWith(client, payload);
      const { rows } = await client.query(
        'select octet_length(payload::text) as text_bytes, pg_column_size(payload) as stored_bytes from public.tasks where id = $1',
        [task.id],
      );
      const ms = await heartbeatMedianMs(client, task);
      console.log(
        `heartbeat_task, ${label}: median ${ms.toFixed(3)} ms per call over ${BEATS} ` +
          `(payload ${rows[0].text_bytes} B as text, ${rows[0].stored_bytes} B stored)`,
      );
    }
  } finally {
    await client.end();
    await db.drop();
  }
}

await main();
