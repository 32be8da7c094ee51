import { describe, expect, it, vi } from 'vitest';
import { createClockOffset, robustOffset } from '../../src/core/clock';

const HOUR = 3_600_000;

describe('createClockOffset', () => {
  it('uses the round-trip midpoint', () => {
    const clock = createClockOffset();
    expect(clock.ready).toBe(false);
    clock.addSample({ sentAt: 1_000, serverTime: 1_000 + HOUR + 50, receivedAt: 1_100 });
    expect(clock.ready).toBe(true);
    expect(clock.offsetMs).toBe(HOUR);
    expect(clock.serverNow(5_000)).toBe(5_000 + HOUR);
    expect(clock.toLocal(5_000 + HOUR)).toBe(5_000);
  });

  it('is not moved by one bogus sample, fast or slow', () => {
    const clock = createClockOffset();
    clock.addSample({ sentAt: 0, serverTime: -HOUR + 20, receivedAt: 40 });
    clock.addSample({ sentAt: 100, serverTime: 100 + 7 * HOUR, receivedAt: 110 }); // fast but absurd
    clock.addSample({ sentAt: 200, serverTime: -HOUR + 230, receivedAt: 260 });
    expect(clock.offsetMs).toBe(-HOUR);
    clock.addSample({ sentAt: 300, serverTime: 300 + 5_000, receivedAt: 10_300 }); // stalled request
    expect(clock.offsetMs).toBe(-HOUR);
  });

  it('bounds its error by the sample that pins the server clock best, not by the slowest one', () => {
    const clock = createClockOffset();
    expect(clock.errorMarginMs).toBe(0);
    // The server read its clock somewhere in the round trip: the true offset is in [0, 100].
    clock.addSample({ sentAt: 0, serverTime: 100, receivedAt: 100 });
    expect(clock.errorMarginMs).toBe(50);
    expect([clock.offsetMs - clock.errorMarginMs, clock.offsetMs + clock.errorMarginMs]).toEqual([0, 100]);
    // Offsets -20 (within 20) and 0 (within 30): the estimate, their median 0, is within 30, though
    // the first sample alone allowed 50.
    clock.addSample({ sentAt: 200, serverTime: 200, receivedAt: 240 });
    clock.addSample({ sentAt: 300, serverTime: 330, receivedAt: 360 });
    expect(clock.offsetMs).toBe(0);
    expect(clock.errorMarginMs).toBe(30);
    clock.addSample({ sentAt: 400, serverTime: 5_000, receivedAt: 10_400 }); // stalled, not used
    expect(clock.errorMarginMs).toBe(30);
    clock.addSample({ sentAt: 500, serverTime: 510, receivedAt: 520 });
    expect(clock.errorMarginMs).toBe(10); // offset 0 within 10: the 20 ms round trip
  });

  it('keeps a bound the server clock is within, whichever sample is slow', () => {
    // The true offset is 0; each server reads its clock at the very end of the round trip, the
    // worst place for the midpoint assumption.
    for (const slow of [0, 1, 2]) {
      const clock = createClockOffset();
      for (let i = 0; i < 3; i += 1) {
        const rtt = i === slow ? 3_000 : 40;
        clock.addSample({ sentAt: i * 10_000, serverTime: i * 10_000 + rtt, receivedAt: i * 10_000 + rtt });
      }
      expect(Math.abs(clock.offsetMs)).toBeLessThanOrEqual(clock.errorMarginMs);
      expect(clock.errorMarginMs).toBeLessThan(100); // not 1 500 ms because one answer took 3 s
    }
  });

  it('ignores a sample whose local clock went backwards', () => {
    const clock = createClockOffset();
    clock.addSample({ sentAt: 1_000, serverTime: 5_000, receivedAt: 900 });
    expect(clock.ready).toBe(false);
  });

  it('keeps a bounded window of samples', () => {
    const clock = createClockOffset({ maxSamples: 3 });
    for (let i = 0; i < 10; i += 1) clock.addSample({ sentAt: i, serverTime: i + 1_000, receivedAt: i });
    expect(clock.sampleCount).toBe(3);
    expect(clock.offsetMs).toBe(1_000);
  });

  it('measures through a serverTime function with an injected local clock', async () => {
    let local = 10_000;
    const clock = createClockOffset({ now: () => local });
    await clock.measure(async () => {
      local += 200;
      return 10_100 - HOUR;
    });
    expect(clock.offsetMs).toBe(-HOUR);
  });

  it('drops its samples when the local clock jumps after measure, and not when time just passes', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const clock = createClockOffset();
      for (let i = 0; i < 3; i += 1) await clock.measure(async () => Date.now() + HOUR);
      expect(clock.offsetMs).toBe(HOUR);
      vi.advanceTimersByTime(10 * 60_000);
      expect(clock.ready).toBe(true);
      vi.setSystemTime(Date.now() + HOUR); // the wall clock moved, the monotonic one did not
      expect(clock.ready).toBe(false);
      await clock.measure(async () => Date.now());
      expect(clock.offsetMs).toBe(0); // the new offset, not outvoted by the three old samples
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    ['forward', 'that sample', HOUR, 0],
    ['back', 'that sample', -HOUR, 0],
    ['forward', 'the rest of the round', HOUR, 1],
    ['back', 'the rest of the round', -HOUR, 1],
  ])('stays on the server clock when the local clock jumps %s an hour during a sample, read after %s', async (_, __, jumpMs, more) => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      // The server's clock runs with (fake) time, not with the local wall clock the test moves.
      const origin = performance.now();
      const server = () => 1_000_000 + HOUR + (performance.now() - origin);
      const clock = createClockOffset();
      for (let i = 0; i < 3; i += 1) await clock.measure(async () => server());
      await clock.measure(async () => {
        vi.setSystemTime(Date.now() + jumpMs); // NTP, a manual change: mid-request
        vi.advanceTimersByTime(100);
        return server();
      });
      // The rest of a round of samples, with nothing reading the clock in between.
      for (let i = 0; i < more; i += 1) await clock.measure(async () => server());
      void clock.ready; // as a hook reads it
      // Ahead would flag a healthy task stuck; a second behind only delays a verdict.
      expect(clock.serverNow()).toBeLessThanOrEqual(server());
      expect(clock.serverNow()).toBeGreaterThan(server() - 1_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells onJump how far noted instants move: by the jump, then back by what the next sample shows the server did', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const moves: number[] = [];
      const clock = createClockOffset({ onJump: (ms) => moves.push(ms) });
      await clock.measure(async () => Date.now() + HOUR);
      const noted = Date.now(); // server time noted + HOUR
      vi.setSystemTime(Date.now() + 10 * 60_000); // a sleep: the server clock moved on too
      expect(clock.ready).toBe(false);
      await clock.measure(async () => Date.now() + HOUR);
      expect(moves).toEqual([10 * 60_000, -10 * 60_000]);
      expect(clock.serverNow(noted + moves[0]! + moves[1]!)).toBe(noted + HOUR); // still where it was
    } finally {
      vi.useRealTimers();
    }
  });

  it('robustOffset of nothing is 0', () => {
    expect(robustOffset([])).toBe(0);
  });
});
