import { describe, expect, it } from 'vitest';
import { computeHealth, elapsedSince } from '../../src/core/health';
import { DEFAULT_THRESHOLDS } from '../../src/core/thresholds';
import { T0, iso, row } from './rows';

const MIN = 60_000;
const t = DEFAULT_THRESHOLDS;

describe('computeHealth', () => {
  it('pending: ok, then slow at the warning point, then stuck at the reaper limit', () => {
    const pending = row();
    expect(computeHealth(pending, t, T0 + 9 * MIN)).toEqual({ state: 'ok', reason: null, since: null, nextChangeAt: T0 + 10 * MIN });
    expect(computeHealth(pending, t, T0 + 10 * MIN)).toEqual({ state: 'slow', reason: 'not_picked_up', since: T0 + 10 * MIN, nextChangeAt: T0 + 30 * MIN });
    expect(computeHealth(pending, t, T0 + 31 * MIN)).toEqual({ state: 'stuck', reason: 'not_picked_up', since: T0 + 30 * MIN, nextChangeAt: null });
  });

  it('processing: measures silence from the last heartbeat, else from the start', () => {
    const started = row({ status: 'processing', started_at: iso(T0 + MIN) });
    expect(computeHealth(started, t, T0 + 16 * MIN)).toMatchObject({ state: 'slow', reason: 'no_heartbeat', since: T0 + 16 * MIN });
    const beating = row({ status: 'processing', started_at: iso(T0 + MIN), heartbeat_at: iso(T0 + 10 * MIN) });
    expect(computeHealth(beating, t, T0 + 16 * MIN)).toMatchObject({ state: 'ok', nextChangeAt: T0 + 25 * MIN });
    expect(computeHealth(beating, t, T0 + 30 * MIN)).toMatchObject({ state: 'stuck', reason: 'no_heartbeat', since: T0 + 30 * MIN });
  });

  it('processing: a task that beats but runs past max runtime is stuck', () => {
    const long = row({ status: 'processing', started_at: iso(T0), heartbeat_at: iso(T0 + 119 * MIN) });
    expect(computeHealth(long, t, T0 + 119 * MIN)).toMatchObject({ state: 'ok', nextChangeAt: T0 + 120 * MIN });
    expect(computeHealth(long, t, T0 + 121 * MIN)).toMatchObject({ state: 'stuck', reason: 'running_too_long', since: T0 + 120 * MIN });
  });

  it('an unacknowledged cancel turns stuck after the grace period', () => {
    const cancelling = row({ status: 'processing', started_at: iso(T0), heartbeat_at: iso(T0 + MIN), cancel_requested_at: iso(T0 + MIN) });
    expect(computeHealth(cancelling, t, T0 + 2 * MIN)).toMatchObject({ state: 'ok', nextChangeAt: T0 + 3 * MIN });
    expect(computeHealth(cancelling, t, T0 + 3 * MIN)).toMatchObject({ state: 'stuck', reason: 'cancel_not_acknowledged' });
  });

  it('terminal and unknown statuses are always ok', () => {
    for (const status of ['completed', 'failed', 'cancelled', 'paused']) {
      expect(computeHealth(row({ status: status as 'completed' }), t, T0 + 999 * MIN)).toEqual({ state: 'ok', reason: null, since: null, nextChangeAt: null });
    }
  });

  it('honours custom thresholds', () => {
    const quick = { ...t, pendingWarnAfterMs: 5_000, pendingTimeoutMs: 20_000 };
    expect(computeHealth(row(), quick, T0 + 6_000)).toMatchObject({ state: 'slow', nextChangeAt: T0 + 20_000 });
  });
});

describe('elapsedSince', () => {
  it('never goes negative (a row written just after the last clock sample)', () => {
    expect(elapsedSince(iso(T0 + 500), T0)).toBe(0);
    expect(elapsedSince(iso(T0), T0 + 1_234)).toBe(1_234);
    expect(elapsedSince(null, T0)).toBeNull();
  });
});
