import { DEFAULT_POLL_POLICY, type PollPolicy } from '../core/poll-policy';
import { DEFAULT_VERIFY_WINDOW_MS } from './judge';
import type { TaskClientOptions } from './task-client';

/**
 * An interval the scheduler can keep: 0 or less polled in a loop (a request as soon as the last one
 * answered), NaN never, Infinity overflows setTimeout (fires at once); those fall back to the default.
 */
export const isInterval = (ms: number | undefined): ms is number => Number.isFinite(ms) && (ms as number) > 0;

/**
 * The poll policy a client runs with: each interval it cannot keep (see `isInterval`) is the
 * default's, and one of 2 ** 31 ms or more (a huge number meant as "never") is cut to the longest a
 * timer takes, about 24.8 days: useActiveTask's `refetchInterval` is a setInterval, which overflows
 * past it and fires every millisecond, and so does the thresholds' retry timer after a backoff.
 */
export function resolvePolicy(wanted: Partial<PollPolicy> | undefined): PollPolicy {
  const policy = { ...DEFAULT_POLL_POLICY };
  for (const key of Object.keys(policy) as Array<keyof PollPolicy>) {
    const ms = wanted?.[key];
    if (isInterval(ms)) policy[key] = Math.min(ms, 2 ** 31 - 1);
  }
  return policy;
}

// These two may be 0, but like the intervals, not NaN (a number parsed from an unset variable),
// null, negative, or past what a timer takes (2 ** 31 ms or more, Infinity: setInterval fires
// every millisecond then): a NaN window would end the offline hold, a huge tick spin the timer.
const orDefault = (ms: number | undefined, fallback: number): number => (typeof ms == 'number' && ms >= 0 && ms < 2 ** 31 ? ms : fallback);

/** `options` with `verifyWindowMs` and `elapsedTickMs` set, each to its default when it cannot be kept. */
export const withTimerDefaults = (options: TaskClientOptions): TaskClientOptions => ({
  ...options,
  verifyWindowMs: orDefault(options.verifyWindowMs, DEFAULT_VERIFY_WINDOW_MS),
  elapsedTickMs: orDefault(options.elapsedTickMs, 1_000),
});
