// Reaper benchmark: `pnpm --filter @unstuck/supabase-example bench`.
// In a database of its own (dropped at the end), on 1,000,000 tasks:
//   1. reap_stuck_tasks() with 10,000 stuck against the baseline an application loop would do
//      (select the stuck ids, then one autocommit UPDATE per id over the same connection), on the
//      same rows put back before each run, alternating, REPS times each (env UNSTUCK_BENCH_REPS,
//      default 3); the speed-up is the ratio of the medians;
//   2. the median of 30 reap_stuck_tasks() with nothing stuck;
//   3. the floor of any set-based reap of these rows: reap_stuck_tasks() with every trigger off
//      (no guard, no audit rows, no notifications), so the best speed-up this table and its indexes
//      allow on this machine is the baseline over the floor;
//   4. the plans the reaper's statements use (auto_explain), showing the active-rows indexes,
//      with nothing stuck and (rolled back) with 10,000 stuck, with the triggers' times.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { createTestDatabase } from '../src/index';
import { countStuck, reset, seed, STUCK, TOTAL } from './seed';

const IDLE_RUNS = 30;
const REPS = Number(process.env.UNSTUCK_BENCH_REPS ?? 3);

const STUCK_IDS = `
select t.id, unstuck_internal.stuck_reason(t, tt) as reason
from public.tasks t join public.task_types tt on tt.type = t.type
where t.status in ('pending', 'processing') and unstuck_internal.stuck_reason(t, tt) is not null`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

// CPU time (ms) the server process of this connection has used, from /proc (Linux, same host):
// on a shared two-core machine wall time also measures the neighbours, CPU time does not.
function backendCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms ticks
  } catch {
    return null;
  }
}

async function measured<T>(pid: number, fn: () => Promise<T>): Promise<[T, number, string]> {
  const cpuBefore = backendCpuMs(pid);
  const [value, ms] = await timed(fn);
  const cpuAfter = backendCpuMs(pid);
  const cpu = cpuBefore === null || cpuAfter === null ? 'n/a' : `${cpuAfter - cpuBefore} ms`;
  return [value, ms, cpu];
}

// The measured reap: the same work as an autocommit `select reap_stuck_tasks()`, in an explicit
// transaction so that the commit (the flush of the reap's WAL to disk) is timed on its own.
async function reapTimed(client: pg.Client, commitMs: number[]): Promise<Record<string, number>> {
  await client.query('begin');
  const counts = await reapOnce(client);
  const [, ms] = await timed(() => client.query('commit'));
  commitMs.push(ms);
  return counts;
}

// The floor: the same statements with session_replication_role = replica (superuser only), which
// skips every ordinary trigger: what is left is the row updates and their index entries.
async function reapWithoutTriggers(client: pg.Client): Promise<Record<string, number>> {
  await client.query('begin');
  await client.query('set local session_replication_role = replica');
  const counts = await reapOnce(client);
  await client.query('commit');
  return counts;
}

async function reapOnce(client: pg.Client): Promise<Record<string, number>> {
  return (await client.query('select public.reap_stuck_tasks() as r')).rows[0].r;
}

// What an application without a set-based reaper does: find the stuck rows, update one by one.
async function baseline(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ id: string; reason: string }>(STUCK_IDS);
  for (const { id, reason } of rows) {
    await client.query(
      `update public.tasks set status = $2, error_code = $3
       where id = $1 and status in ('pending', 'processing')`,
      [id, reason === 'cancel_timeout' ? 'cancelled' : 'failed', reason],
    );
  }
  return rows.length;
}

async function plans(client: pg.Client): Promise<string[]> {
  const notices: string[] = [];
  const onNotice = (notice: { message?: string }) => notices.push(notice.message ?? '');
  client.on('notice', onNotice);
  await client.query("load 'auto_explain'");
  await client.query(
    'set auto_explain.log_min_duration = 0; set auto_explain.log_nested_statements = on; ' +
      'set auto_explain.log_analyze = on; set auto_explain.log_timing = on; set auto_explain.log_buffers = on; ' +
        'set auto_explain.log_triggers = on; set client_min_messages = log',
  );
  await reapOnce(client);
  await client.query('reset client_min_messages; set auto_explain.log_min_duration = -1');
  client.off('notice', onNotice);
  return notices.filter((n) => /Update on tasks/.test(n));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_reaper');
  const client = new pg.Client(db.url);
  await client.connect();
  try {
    const [, seedMs] = await timed(() => seed(client));
    console.log(`seeded ${TOTAL.toLocaleString('en')} tasks in ${(seedMs / 1000).toFixed(1)} s`);
    if ((await countStuck(client)) !== STUCK) throw new Error('seed did not produce the stuck rows');

    const pid: number = (await client.query('select pg_backend_pid() as pid')).rows[0].pid;
    console.log(`load average before measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const reaps: number[] = [];
    const baselines: number[] = [];
    const reapCpus: string[] = [];
    const commits: number[] = [];
    const baselineCpus: string[] = [];
    for (let rep = 1; rep <= REPS; rep += 1) {
      if (rep > 1) await reset(client);
      const [counts, reapMs, reapCpu] = await measured(pid, () => reapTimed(client, commits));
      const reaped = Object.values(counts).reduce((a, b) => a + b, 0);
      if (reaped !== STUCK) throw new Error(`reaped ${reaped}, expected ${STUCK}`);
      console.log(
        `run ${rep}: reap_stuck_tasks(), ${reaped} stuck: ${reapMs.toFixed(1)} ms (server CPU ${reapCpu}; ` +
          `of the wall time, commit ${commits.at(-1)!.toFixed(1)} ms)`,
        counts,
      );
      await reset(client);
      const [updated, baselineMs, baselineCpu] = await measured(pid, () => baseline(client));
      console.log(`run ${rep}: baseline (select + ${updated} single-row UPDATEs): ${baselineMs.toFixed(0)} ms (server CPU ${baselineCpu})`);
      reaps.push(reapMs);
      baselines.push(baselineMs);
      reapCpus.push(reapCpu);
      baselineCpus.push(baselineCpu);
    }
    const cpuMedian = (values: string[]) => median(values.map((v) => Number.parseFloat(v)));
    console.log(
      `median of ${REPS}: reap ${median(reaps).toFixed(1)} ms (CPU ${cpuMedian(reapCpus)} ms), ` +
        `baseline ${median(baselines).toFixed(0)} ms (CPU ${cpuMedian(baselineCpus)} ms)`,
    );
    console.log(
      `speed-up, wall time: ${(median(baselines) / median(reaps)).toFixed(0)}x (ratio of the medians; ` +
        `per run: ${reaps.map((r, i) => `${(baselines[i]! / r).toFixed(0)}x`).join(', ')}); ` +
        `server CPU: ${(cpuMedian(baselineCpus) / cpuMedian(reapCpus)).toFixed(0)}x`,
    );
    const floors: number[] = [];
    for (let rep = 1; rep <= REPS; rep += 1) {
      await reset(client);
      const [counts, floorMs, floorCpu] = await measured(pid, () => reapWithoutTriggers(client));
      const reaped = Object.values(counts).reduce((a, b) => a + b, 0);
      if (reaped !== STUCK) throw new Error(`floor run reaped ${reaped}, expected ${STUCK}`);
      console.log(`run ${rep}: floor (the reap with every trigger off): ${floorMs.toFixed(1)} ms (server CPU ${floorCpu})`);
      floors.push(floorMs);
    }
    console.log(
      `floor median ${median(floors).toFixed(1)} ms: no set-based reap of these rows can beat the baseline by more than ` +
        `${(median(baselines) / median(floors)).toFixed(0)}x here; the contract's triggers cost ${(median(reaps) - median(floors)).toFixed(1)} ms of the reap`,
    );
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    if ((await countStuck(client)) !== 0) throw new Error('rows still stuck after reaping');
    // steady state: autovacuum would have removed the reaped rows' index entries by now
    await client.query('vacuum analyze public.tasks');
    const idle: number[] = [];
    for (let i = 0; i < IDLE_RUNS; i += 1) idle.push((await timed(() => reapOnce(client)))[1]);
    console.log(
      `reap_stuck_tasks(), nothing stuck, ${IDLE_RUNS} runs: median ${median(idle).toFixed(2)} ms, ` +
        `min ${Math.min(...idle).toFixed(2)} ms, max ${Math.max(...idle).toFixed(2)} ms`,
    );
    console.log('\nplans of the reaper statements with nothing stuck (auto_explain, analyze):');
    for (const plan of await plans(client)) console.log(plan, '\n');
    // the same with 10,000 stuck, rolled back: where a large reap spends its time, per trigger
    await reset(client);
    await client.query('begin');
    console.log('\nplans of the reaper statements with 10,000 stuck (auto_explain, analyze, rolled back):');
    for (const plan of await plans(client)) console.log(plan, '\n');
    await client.query('rollback');
  } finally {
    await client.end();
    await db.drop();
  }
}

await main();
