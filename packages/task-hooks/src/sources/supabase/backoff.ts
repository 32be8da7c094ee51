// Capped exponential backoff with jitter for re-opening a push channel (shared by the supabase and
// http sources). Jitter keeps a fleet of tabs that lost the server together from returning together.

/**
 * The reconnect backoff of a push channel; a delay that is not a number above 0 and below 2 ** 31 ms
 * (24.8 days) keeps its default.
 */
export interface BackoffOptions {
  /** First delay. @default 1000 */
  initialDelayMs?: number;
  /** Largest delay. @default 30000 */
  maxDelayMs?: number;
}

/**
 * A delay option that can be waited for, else the default: NaN (an unset environment variable), 0
 * or less would reconnect in a loop, and 2 ** 31 ms or more (Infinity, a `Number.MAX_SAFE_INTEGER`
 * meant as "no cap") overflows `setTimeout`, which then fires at once. NaN fails both comparisons.
 */
const usable = (ms: number | undefined, fallback: number): number => ((ms as number) > 0 && (ms as number) < 2 ** 31 ? (ms as number) : fallback);

/**
 * The delay before attempt `attempt` (0-based): `initial * 2^attempt`, capped, then drawn uniformly
 * from its upper half ("equal jitter"), so it never falls below half the nominal delay.
 * @example reconnectDelay(0) // 500..1000 ms; reconnectDelay(10) // 15..30 s
 */
export function reconnectDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = usable(options.initialDelayMs, 1000);
  const max = longestReconnectDelay(options);
  const nominal = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

/** The cap of {@link reconnectDelay}: `maxDelayMs`, or `initialDelayMs` when that is larger. */
export function longestReconnectDelay(options: BackoffOptions = {}): number {
  return Math.max(usable(options.initialDelayMs, 1000), usable(options.maxDelayMs, 30_000));
}
