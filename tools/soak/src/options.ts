// The knobs of a soak run and the command line that sets them.

export interface SoakOptions {
  /** Seconds of load (submissions, faults, cancels); a drain of at most ~12 s follows. @default 60 */
  durationSec: number;
  /** Fixes every random choice of the run. @default 1 */
  seed: number;
  /** Distinct signed-in users submitting tasks. @default 40 */
  users: number;
  /** Simulated worker invocations running at once (each one task at a time). @default 128 */
  workers: number;
  /** New submissions per second (spread over the users). @default 60 */
  ratePerSec: number;
  /** Schedule of each of the two concurrent reapers. @default 500 */
  reaperIntervalMs: number;
  /** PostgreSQL connections for the workers' RPCs. @default 10 */
  workerConnections: number;
  /** Slack allowed on top of threshold + one reaper interval, for a loaded 2-core machine. @default 1000 */
  toleranceMs: number;
  /** Tasks followed by watchers through each source (supabase, http); 0 turns watchers off. @default 24 */
  watchedPerSource: number;
  /** Print progress lines while running. @default true */
  verbose: boolean;
}

export const DEFAULT_OPTIONS: SoakOptions = {
  durationSec: 60,
  seed: 1,
  users: 40,
  workers: 128,
  ratePerSec: 60,
  reaperIntervalMs: 500,
  workerConnections: 10,
  toleranceMs: 1000,
  watchedPerSource: 24,
  verbose: true,
};

const FLAGS: Record<string, keyof SoakOptions> = {
  '--duration': 'durationSec',
  '--seed': 'seed',
  '--users': 'users',
  '--workers': 'workers',
  '--rate': 'ratePerSec',
  '--reaper-interval': 'reaperIntervalMs',
  '--connections': 'workerConnections',
  '--tolerance': 'toleranceMs',
  '--watched': 'watchedPerSource',
};

export const USAGE = `usage: pnpm soak [--duration <s>] [--seed <n>] [--users <n>] [--workers <n>]
                 [--rate <tasks/s>] [--reaper-interval <ms>] [--connections <n>]
                 [--tolerance <ms>] [--watched <tasks per source>] [--quiet]`;

/** Parses `--flag value` pairs; throws a RangeError naming the bad flag. */
export function parseArgs(argv: readonly string[]): SoakOptions {
  const options: SoakOptions = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag === '--') continue;
    if (flag === '--quiet') {
      options.verbose = false;
      continue;
    }
    const key = FLAGS[flag];
    if (!key) throw new RangeError(`unknown option ${flag}\n${USAGE}`);
    const value = Number(argv[i + 1]);
    const mayBeZero = key === 'watchedPerSource' || key === 'seed' || key === 'toleranceMs';
    if (!Number.isFinite(value) || value < 0 || (!mayBeZero && value === 0)) {
      throw new RangeError(`${flag} needs a ${mayBeZero ? 'non-negative' : 'positive'} number, got ${String(argv[i + 1])}`);
    }
    (options[key] as number) = value;
    i += 1;
  }
  return options;
}
