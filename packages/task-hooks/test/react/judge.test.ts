import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/core/thresholds';
import { judgeHealth } from '../../src/react/judge';
import { T0, iso, row } from '../core/rows';

const SLOW = T0 + 15 * 60_000; // processing since T0, no beat: slow from here
const STUCK = T0 + 20 * 60_000;
const processing = row({ status: 'processing', started_at: iso(T0), heartbeat_at: iso(T0) });
const judge = (now: number, readAt: number | null, windowMs = 1_000, heldUntil: number | null = null, judgedFrom = T0) =>
  judgeHealth(processing, DEFAULT_THRESHOLDS, { now, readAt, windowMs, heldUntil, judgedFrom });

describe('judgeHealth: a verdict that time alone made worse rests on a read sent after the threshold', () => {
  it('shows the verdict at once when the row was read after the crossing', () => {
    expect(judge(SLOW + 10, SLOW)).toMatchObject({ health: { state: 'slow', since: SLOW }, wakeAt: STUCK, verifySince: null });
  });

  it('holds it while the read is older than the crossing and younger than the window, asking for a fresh one', () => {
    expect(judge(SLOW + 10, SLOW - 1)).toMatchObject({ health: { state: 'ok', nextChangeAt: SLOW }, wakeAt: SLOW + 1_000, verifySince: SLOW });
    // a row from a read of unknown age (hydrated) is trusted for the window too
    expect(judge(SLOW + 999, null)).toMatchObject({ health: { state: 'ok' }, verifySince: SLOW });
  });

  it('shows it unconfirmed one window after the crossing', () => {
    expect(judge(SLOW + 1_000, SLOW - 60_000)).toMatchObject({ health: { state: 'slow', since: SLOW }, verifySince: null });
    expect(judge(STUCK + 1_000, null).health.state).toBe('stuck');
  });

  it('waits for the worst crossing: a read between slow and stuck shows slow, not stuck', () => {
    expect(judge(STUCK + 10, STUCK - 5)).toMatchObject({ health: { state: 'slow' }, verifySince: STUCK });
  });

  it('judges the cached row alone with a window of 0', () => {
    expect(judge(SLOW + 10, SLOW - 60_000, 0)).toMatchObject({ health: { state: 'slow' }, wakeAt: STUCK, verifySince: null });
  });

  it('holds health at the last read while the device is offline, and a window after it is back', () => {
    // Offline (held for good): ok as the last read left it, long past both thresholds; no wake-up.
    expect(judge(STUCK + 60_000, SLOW - 1, 1_000, Infinity)).toMatchObject({ health: { state: 'ok' }, wakeAt: null, verifySince: STUCK });
    // Back at B: held until B + window, then the verdict shows unconfirmed.
    const B = STUCK + 60_000;
    expect(judge(B + 10, SLOW - 1, 1_000, B + 1_000)).toMatchObject({ health: { state: 'ok' }, wakeAt: B + 1_000 });
    expect(judge(B + 1_000, SLOW - 1, 1_000, B + 1_000)).toMatchObject({ health: { state: 'stuck' } });
    // A read that landed meanwhile decides at once.
    expect(judge(B + 10, B + 5, 1_000, B + 1_000)).toMatchObject({ health: { state: 'stuck' }, verifySince: null });
    // A row no read of ours brought (hydrated) is not held.
    expect(judge(STUCK + 60_000, null, 1_000, Infinity)).toMatchObject({ health: { state: 'stuck' } });
  });
});

describe('judgeHealth: a threshold that passed before the hook judged the row waits from then', () => {
  // A remount over a row read a minute before, or thresholds lowered under it: the hook began
  // judging (`judgedFrom`) long after the crossing, so the window runs from then.
  const mounted = STUCK + 60_000;

  it('judges the copy as read, and asks for a fresh read, until a window after it began', () => {
    expect(judge(mounted + 10, SLOW - 1, 1_000, null, mounted)).toMatchObject({
      health: { state: 'ok', nextChangeAt: SLOW },
      wakeAt: mounted + 1_000,
      verifySince: STUCK,
    });
  });

  it('shows the verdict a window after it began when no read came', () => {
    expect(judge(mounted + 1_000, SLOW - 1, 1_000, null, mounted)).toMatchObject({ health: { state: 'stuck' }, verifySince: null });
  });

  it('shows at once what the copy itself proves', () => {
    expect(judge(mounted + 10, STUCK + 5, 1_000, null, mounted)).toMatchObject({ health: { state: 'stuck' }, verifySince: null });
  });
});
