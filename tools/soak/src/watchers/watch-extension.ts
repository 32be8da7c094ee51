// What both watcher kinds share: a few of the run's users each watch a sample of their own tasks
// through one source (one WatcherGroup per user), the transport's faults are injected on a seeded
// schedule during the load, and at the end every watcher must show the row's final state.
import type { FinalState } from '../final-state';
import { Check } from '../invariants/check';
import { createPrng, type Prng } from '../prng';
import type { RunContext, SoakExtension } from '../run';
import type { TaskSource } from '@unstuck/task-hooks/core';
import { WatcherGroup } from './watcher-group';

/** While the channel is up the hooks poll slowly; these keep a missed event's cost to seconds. */
export const WATCH_POLICY = { baseIntervalMs: 1_000, safetyIntervalMs: 5_000, maxBackoffMs: 3_000 };
const WATCHING_USERS = 4;

export interface Transport {
  /** Starts the transport; returns the source acting as each user. */
  start(context: RunContext): Promise<(userId: string) => Promise<TaskSource>>;
  /** Fault name → weight and action (an action may return a function that ends the fault). */
  faults: Record<string, { weight: number; inject(rng: Prng): (() => void) | void }>;
  stop(): Promise<void>;
}

export class WatchExtension implements SoakExtension {
  private readonly groups = new Map<string, WatcherGroup>();
  private readonly faultCounts: Record<string, number> = {};
  private readonly loops: Promise<void>[] = [];
  private ending: Array<() => void> = [];
  private context: RunContext | null = null;

  constructor(
    private readonly name: string,
    private readonly transport: Transport,
    /** Which of the run's users watch (an offset keeps the two kinds apart). */
    private readonly firstUser: number,
  ) {}

  async start(context: RunContext): Promise<void> {
    this.context = context;
    const sourceFor = await this.transport.start(context);
    const users = context.users.slice(this.firstUser, this.firstUser + WATCHING_USERS);
    for (const user of users) this.groups.set(user, new WatcherGroup(await sourceFor(user), WATCH_POLICY));
    const seed = context.options.seed * 31 + this.firstUser;
    this.loops.push(this.pickTasks(createPrng(seed, 1)), this.injectFaults(createPrng(seed, 2)));
  }

  /** Watches new tasks of the watching users, spread over the load, up to the sample size. */
  private async pickTasks(rng: Prng): Promise<void> {
    const { ledger, life, options } = this.context!;
    const started = Date.now();
    const seen = new Set<string>();
    while (await life.sleep(300)) {
      const spread = Math.min(1, (Date.now() - started) / (options.durationSec * 800));
      const allowed = Math.ceil(options.watchedPerSource * spread);
      for (const record of ledger.tasks.values()) {
        if (this.watchedCount() >= allowed) break;
        if (seen.has(record.id)) continue;
        seen.add(record.id);
        const group = this.groups.get(record.userId);
        if (group && rng.chance(0.5)) group.watch(record.id);
      }
    }
  }

  private async injectFaults(rng: Prng): Promise<void> {
    const { life, options } = this.context!;
    const until = Date.now() + options.durationSec * 1000;
    const weights = Object.fromEntries(Object.entries(this.transport.faults).map(([k, f]) => [k, f.weight]));
    while ((await life.sleep(rng.between(1_000, 3_000))) && Date.now() < until) {
      const kind = rng.weighted(weights);
      const end = this.transport.faults[kind]!.inject(rng);
      this.faultCounts[kind] = (this.faultCounts[kind] ?? 0) + 1;
      if (end) {
        this.ending.push(end);
        if (await life.sleep(rng.between(800, 2_500))) end();
        this.ending = this.ending.filter((e) => e !== end);
      }
    }
  }

  private watchedCount(): number {
    let n = 0;
    for (const group of this.groups.values()) n += group.size;
    return n;
  }

  /** Ends the faults, then gives the watchers until a safety poll (+ slack) to show the final rows. */
  async finish(state: FinalState): Promise<{ checks: Check[]; figures: Record<string, number> }> {
    for (const end of this.ending.splice(0)) end();
    const mismatch = () => {
      const out: string[] = [];
      for (const group of this.groups.values()) {
        for (const id of group.ids()) {
          const row = state.tasks.get(id);
          const seen = group.rowOf(id);
          if (!row || !seen || seen.status !== row.status || seen.error_code !== row.errorCode) {
            out.push(`${id}: watcher shows ${seen ? `${seen.status}/${seen.error_code}` : String(seen)}, row is ${row?.status}/${row?.errorCode} (${group.diagnosis(id)})`);
          }
        }
      }
      return out;
    };
    const deadline = Date.now() + WATCH_POLICY.safetyIntervalMs + 5_000;
    const settleStarted = Date.now();
    while (mismatch().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const check = new Check(`every ${this.name} watcher ends in the row's final state`, 'watchers');
    const wrong = new Set(mismatch());
    for (const group of this.groups.values()) for (const id of group.ids()) check.item([...wrong].find((w) => w.startsWith(id)) ?? null);
    let reconnects = 0;
    let slowest = 0;
    let waiting = 0;
    for (const group of this.groups.values()) {
      reconnects += group.reconnects;
      slowest = Math.max(slowest, group.slowestFetchMs);
      waiting += group.fetchesInFlight;
    }
    const figures: Record<string, number> = {
      [`${this.name} watchers`]: this.watchedCount(),
      [`${this.name} reconnects`]: reconnects,
      [`${this.name} settle ms after drain`]: Date.now() - settleStarted,
      [`${this.name} slowest row fetch ms`]: slowest,
      [`${this.name} fetches unanswered at the end`]: waiting,
    };
    for (const [kind, n] of Object.entries(this.faultCounts)) figures[`${this.name} fault: ${kind}`] = n;
    return { checks: [check], figures };
  }

  async stop(): Promise<void> {
    for (const end of this.ending.splice(0)) end();
    await Promise.allSettled(this.loops);
    for (const group of this.groups.values()) group.close();
    await this.transport.stop();
  }
}
