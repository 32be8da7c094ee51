import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_POLICY, backoffDelay, isPollable, nextPollDelay } from '../../src/core/poll-policy';

const policy = DEFAULT_POLL_POLICY;

describe('poll policy', () => {
  it('polls at the base rate, slowly while realtime is healthy, and stops when there is nothing to wait for', () => {
    expect(nextPollDelay({ status: 'pending', connection: 'polling', consecutiveFailures: 0 }, policy)).toBe(2_000);
    expect(nextPollDelay({ status: 'processing', connection: 'realtime', consecutiveFailures: 0 }, policy)).toBe(30_000);
    for (const status of ['completed', 'failed', 'cancelled', 'not_found', 'invalid']) {
      expect(nextPollDelay({ status, connection: 'polling', consecutiveFailures: 0 }, policy)).toBe(false);
      expect(isPollable(status)).toBe(false);
    }
    expect(isPollable('unknown')).toBe(true);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, policy, top))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(250);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(4_000);
    expect(nextPollDelay({ status: 'pending', connection: 'realtime', consecutiveFailures: 2 }, policy, top)).toBe(4_000);
  });
});
