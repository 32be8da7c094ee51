// One soak run, start to end: a fresh database with the contract and short-threshold task types,
// load + workers + two reapers + the exclusive-rule sampler (+ watchers) for the duration, a
// drain until every task is terminal, then the invariants over the ledger and the final rows.
import pg from 'pg';
import { createTestDatabase } from '@unstuck/supabase-example';
import { createServicePool, UserRpc, WorkerRpc } from './db';
import { readFinalState, type FinalState } from './final-state';
import { checkInvariants, type Check } from './invariants';
import { Ledger } from './ledger';
import { Lifetime } from './lifetime';
import { LoadGenerator } from './load';
import type { SoakOptions } from './options';
import { emptyReaperStats, runReaper, type ReaperStats } from './reaper-loop';
import { sampleExclusive, type ExclusiveSamples } from './sampler';
import { SOAK_THRESHOLDS, soakTaskTypesSql, userIds } from './scenario';
import { WorkerPool } from './worker';

/** Watchers plug in here (src/watchers): started with the load, checked at the end. */
export interface RunContext {
  url: string;
  admin: pg.Client;
  ledger: Ledger;
  life: Lifetime;
  options: SoakOptions;
  users: readonly string[];
}

export interface SoakExtension {
  start(context: RunContext): Promise<void>;
  /** After the drain, before the run's connections close: its invariants and figures. */
  finish(state: FinalState): Promise<{ checks: Check[]; figures: Record<string, number> }>;
  stop(): Promise<void>;
}

export interface SoakResult {
  options: SoakOptions;
  database: string;
  wallSeconds: number;
  /** Database copy, task types, watchers' start. */
  setupSeconds: number;
  /** Submissions and their cancel requests, until the last one answered. */
  loadSeconds: number;
  drainSeconds: number;
  checks: Check[];
  ledger: Ledger;
  reapers: ReaperStats;
  exclusive: ExclusiveSamples;
  /** Terminal reaps recorded in task_events (actor reaper), by reason: scheduled and admission reaps. */
  reapsByReason: Record<string, number>;
  statuses: Record<string, number>;
  extensionFigures: Record<string, number>;
}

function log(options: SoakOptions, line: string): void {
  if (options.verbose) console.log(`[soak] ${line}`);
}

async function activeCount(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query<{ n: number }>("select count(*)::int as n from public.tasks where status in ('pending', 'processing')");
  return rows[0]!.n;
}

/**
 * Runs a soak and answers its invariants and figures; the database is dropped whatever happens.
 * `signal` ends the load early; the drain, the checks and the clean-up still run.
 */
export async function runSoak(options: SoakOptions, extensions: SoakExtension[] = [], signal?: AbortSignal): Promise<SoakResult> {
  const started = Date.now();
  const db = await createTestDatabase('soak');
  const admin = new pg.Client({ connectionString: db.url });
  const servicePool = createServicePool(db.url, options.workerConnections);
  const userPool = new pg.Pool({ connectionString: db.url, max: 6 });
  userPool.on('error', () => undefined);
  const life = new Lifetime();
  try {
    await admin.connect();
    await admin.query(soakTaskTypesSql());
    const ledger = new Ledger();
    const users = userIds(options.seed, options.users);
    const workers = new WorkerPool(new WorkerRpc(servicePool), ledger, life, options.workers);
    const load = new LoadGenerator(new UserRpc(userPool), workers, ledger, life, {
      seed: options.seed, users, ratePerSec: options.ratePerSec, durationMs: options.durationSec * 1000, signal,
    });
    const reapers = emptyReaperStats();
    const exclusive: ExclusiveSamples = { samples: 0, violations: [], maxActive: 0 };
    const context: RunContext = { url: db.url, admin, ledger, life, options, users };
    for (const extension of extensions) await extension.start(context);
    const setupSeconds = (Date.now() - started) / 1000;
    log(options, `database ${db.name} ready in ${setupSeconds.toFixed(1)} s; load for ${options.durationSec} s at ${options.ratePerSec}/s, seed ${options.seed}`);

    const background = [
      runReaper(db.url, options.reaperIntervalMs, options.seed, life, reapers),
      runReaper(db.url, options.reaperIntervalMs, options.seed + 1, life, reapers),
      sampleExclusive(db.url, 250, life, exclusive),
    ];
    const progress = setInterval(() => {
      log(options, `${((Date.now() - started) / 1000).toFixed(0)} s: ${ledger.tasks.size} tasks, backlog ${workers.backlog}, ` +
        `${reapers.calls} reaper calls, ${ledger.unexpectedErrors.length} unexpected errors`);
    }, 10_000);
    try {
      const loadStarted = Date.now();
      await load.run();
      const loadSeconds = (Date.now() - loadStarted) / 1000;
      const drainStarted = Date.now();
      const t = SOAK_THRESHOLDS;
      const drainLimitMs = t.maxRuntimeMs + t.pendingTimeoutMs + 2_000;
      while (Date.now() - drainStarted < drainLimitMs && ((await activeCount(admin)) > 0 || workers.backlog > 0)) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const drainSeconds = (Date.now() - drainStarted) / 1000;
      log(options, `drained in ${drainSeconds.toFixed(1)} s`);
      // Watchers get the last word: a moment to observe the final rows before everything stops.
      const state0 = await readFinalState(admin);
      const extensionResults = [];
      for (const extension of extensions) extensionResults.push(await extension.finish(state0));
      life.stop();
      await Promise.all(background);
      await workers.settle();
      const state = await readFinalState(admin);
      const checks = checkInvariants({
        state, ledger, exclusive, reapers, slackUs: (options.reaperIntervalMs + options.toleranceMs) * 1000, toleranceMs: options.toleranceMs,
      });
      for (const result of extensionResults) checks.push(...result.checks);
      return {
        options,
        database: db.name,
        wallSeconds: (Date.now() - started) / 1000,
        setupSeconds,
        loadSeconds,
        drainSeconds,
        checks,
        ledger,
        reapers,
        exclusive,
        reapsByReason: reapsByReason(state),
        statuses: statusCounts(state),
        extensionFigures: Object.assign({}, ...extensionResults.map((r) => r.figures)),
      };
    } finally {
      clearInterval(progress);
      life.stop();
      await Promise.allSettled(background);
    }
  } finally {
    const teardown = Date.now();
    life.stop();
    for (const extension of extensions) await extension.stop().catch(() => undefined);
    await Promise.allSettled([servicePool.end(), userPool.end(), admin.end()]);
    await db.drop();
    log(options, `torn down in ${((Date.now() - teardown) / 1000).toFixed(1)} s`);
  }
}

function reapsByReason(state: FinalState): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const events of state.events.values()) {
    for (const e of events) {
      if (e.actor === 'reaper' && e.toStatus !== null && e.reason) counts[e.reason] = (counts[e.reason] ?? 0) + 1;
    }
  }
  return counts;
}

function statusCounts(state: FinalState): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of state.tasks.values()) counts[t.status] = (counts[t.status] ?? 0) + 1;
  return counts;
}
