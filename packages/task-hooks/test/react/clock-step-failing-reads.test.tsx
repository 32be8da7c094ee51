// @vitest-environment jsdom
import { onlineManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

const HOUR = 3_600_000;
const THRESHOLDS = { default: { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 } };

describe('a local clock stepped while every read fails', () => {
  it.each([
    { step: 'forward', stepMs: HOUR, offlineBefore: false },
    { step: 'back', stepMs: -HOUR, offlineBefore: false },
    // Back online earlier in the session: that moment, a local time, must not be read in the new timeline.
    { step: 'back', stepMs: -HOUR, offlineBefore: true },
  ])('keeps a stuck verdict shown (stepped $step an hour, offline before: $offlineBefore): no render of "ok" in between', async ({ stepMs, offlineBefore }) => {
    // The server's clock runs with fake time, not with the local wall clock the test steps.
    const start = Date.now();
    const origin = performance.now();
    const source = createMemorySource({ realtime: false, now: () => start + (performance.now() - origin) });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id); // and never beats
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} />, { thresholds: THRESHOLDS, elapsedTickMs: 100 });
    await advance(1_000); // read, clock sampled
    if (offlineBefore) {
      act(() => onlineManager.setOnline(false));
      await advance(500);
      act(() => onlineManager.setOnline(true));
      await advance(500);
    }
    source.failNext(1_000, 'server'); // the server fails from now on: the verdict shows unconfirmed
    await advance(10_000);
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'stuck', reason: 'no_heartbeat' }, connection: 'polling' });
    const from = log.length;
    vi.setSystemTime(Date.now() + stepMs); // NTP, a manual change: the server did not move
    await advance(3_000);
    const after = log.slice(from);
    expect(after.length).toBeGreaterThan(10); // it rendered through it (elapsed time every 100 ms)
    expect(after.map((r) => r.health.state).filter((state) => state !== 'stuck')).toEqual([]);
  });
});
