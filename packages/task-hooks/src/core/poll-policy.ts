import type { ConnectionState } from '../sources/source';
import { isTerminalStatus } from './status';

/** When the hooks poll: the intervals and the backoff cap, in ms ({@link DEFAULT_POLL_POLICY}). */
export interface PollPolicy {
  /**
   * Poll interval while updates are not pushed (no realtime, or the channel is down).
   * @default 2000
   */
  baseIntervalMs: number;
  /**
   * Slow safety poll while the realtime channel is healthy, in case an event was lost.
   * @default 30000
   */
  safetyIntervalMs: number;
  /**
   * Cap of the exponential backoff after failed fetches.
   * @default 30000
   */
  maxBackoffMs: number;
}

/**
 * The defaults of {@link PollPolicy}: 2 s base, 30 s safety poll, 30 s backoff cap.
 * @example nextPollDelay(state, { ...DEFAULT_POLL_POLICY, baseIntervalMs: 5_000 })
 */
export const DEFAULT_POLL_POLICY: Readonly<PollPolicy> = Object.freeze({
  baseIntervalMs: 2_000,
  safetyIntervalMs: 30_000,
  maxBackoffMs: 30_000,
});

/** What the next poll depends on. */
export interface PollState {
  /** `loading`, `not_found`, `invalid`, `unknown` or a row status. */
  status: string;
  connection: ConnectionState;
  /** Fetches failed in a row (0 after a success). */
  consecutiveFailures: number;
}

/**
 * Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^(failures-1))], never
 * below 250 ms so a burst of errors cannot spin.
 * @example backoffDelay(3, DEFAULT_POLL_POLICY) // somewhere in [250, 8000]
 */
export function backoffDelay(failures: number, policy: PollPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseIntervalMs * 2 ** Math.max(0, failures - 1));
  return Math.max(250, Math.round(random() * ceiling));
}

/**
 * Milliseconds until the next poll, or `false` to stop: terminal tasks and missing rows are not
 * polled (a realtime hint, a retry or a remount re-arms them), failures back off with full
 * jitter, a healthy realtime channel only needs the slow safety poll.
 * @example nextPollDelay({ status: 'processing', connection: 'polling', consecutiveFailures: 0 }, DEFAULT_POLL_POLICY) // 2000
 */
export function nextPollDelay(state: PollState, policy: PollPolicy, random: () => number = Math.random): number | false {
  if (!isPollable(state.status)) return false;
  if (state.consecutiveFailures > 0) return backoffDelay(state.consecutiveFailures, policy, random);
  return state.connection === 'realtime' ? policy.safetyIntervalMs : policy.baseIntervalMs;
}

/**
 * True when a task in this status should still be polled: not terminal, not missing, not invalid.
 * @example isPollable('processing') // true; isPollable('completed') // false
 */
export function isPollable(status: string): boolean {
  return !isTerminalStatus(status) && status !== 'not_found' && status !== 'invalid';
}
