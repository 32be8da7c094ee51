// The server's `retry:` advice as the fetch reader's reconnect backoff. A native EventSource obeys
// the advice by itself; the fetch reader takes it as its first delay and backs off from there, so
// a server under strain can ask its clients to come back later, and one that recovers fast can ask
// them back sooner, without either overriding the bounds the app chose.
import { longestReconnectDelay, type BackoffOptions } from '../supabase/backoff';

/**
 * No advice makes the first reconnect sooner than this (a `retry: 0` from a misconfigured server
 * would otherwise have every tab hammer it), unless the app itself configured a shorter first delay.
 */
export const RETRY_ADVICE_FLOOR_MS = 250;

/**
 * `options` with the advised delay as the first delay, kept between the floor and the cap
 * (`longestReconnectDelay(options)`, which stays what it was). No advice: `options` unchanged.
 * @example backoffWithAdvice({ initialDelayMs: 1000, maxDelayMs: 30000 }, 2000) // { initialDelayMs: 2000, maxDelayMs: 30000 }
 */
export function backoffWithAdvice(options: BackoffOptions | undefined, advisedMs: number | undefined): BackoffOptions | undefined {
  if (advisedMs === undefined) return options;
  const cap = longestReconnectDelay(options);
  const floor = Math.min(RETRY_ADVICE_FLOOR_MS, options?.initialDelayMs ?? RETRY_ADVICE_FLOOR_MS);
  return { initialDelayMs: Math.min(cap, Math.max(floor, advisedMs)), maxDelayMs: cap };
}
