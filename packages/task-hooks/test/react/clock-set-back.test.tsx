// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource, type MemorySource, type MemorySourceOptions } from '../../src/testing/memory-source';
import { Probe, advance, beatingTask, renderWithSource, withFakeClock } from './harness';

withFakeClock();

const HOUR = 3_600_000;
const THRESHOLDS = { default: { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 } };

/** A memory source whose server clock runs with fake time, not with the local wall clock the tests set back. */
function sourceOnItsOwnClock(options: MemorySourceOptions = {}): MemorySource {
  const start = Date.now();
  const origin = performance.now();
  return createMemorySource({ ...options, now: () => start + (performance.now() - origin) });
}

describe('a local clock set back while a healthy task is watched', () => {
  it('raises no warning: what the hook knew of its reads is not read in the new timeline', async () => {
    const source = sourceOnItsOwnClock({ realtime: false });
    const { task, stop } = beatingTask(source);
    source.setLatency(300);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} />, { thresholds: THRESHOLDS });
    await advance(5_000);
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'ok' } });
    const from = log.length;
    vi.setSystemTime(Date.now() - HOUR); // NTP, a manual change: the server did not move
    await advance(10_000);
    expect(log.slice(from).map((r) => r.health.state).filter((state) => state !== 'ok')).toEqual([]);
    stop();
  });

  it('raises no warning when the clock is set back while a read is out', async () => {
    const source = sourceOnItsOwnClock({ realtime: false });
    const { task, stop } = beatingTask(source);
    const log: TaskStatusResult[] = [];
    // No poll for a minute: each copy is read again when it crosses the warning threshold (a verify
    // read). The tick renders often, so the jump is seen while such a read is out.
    renderWithSource(source, <Probe id={task.id} log={log} />, { thresholds: THRESHOLDS, pollInterval: 60_000, elapsedTickMs: 100 });
    await advance(2_900);
    source.setLatency(400); // the verify read at 3 s is out until 3.4 s
    await advance(200);
    expect(source.pendingCalls).toBe(1);
    const from = log.length;
    vi.setSystemTime(Date.now() - HOUR);
    await advance(10_000);
    expect(log.slice(from).map((r) => r.health.state).filter((state) => state !== 'ok')).toEqual([]);
    stop();
  });

  it('still flags a dead worker within 1 s of its threshold', async () => {
    const source = sourceOnItsOwnClock(); // realtime
    const { task } = source.store.submit('export', {});
    const claimed = source.worker.claim(task.id)!; // and never beats
    const log: TaskStatusResult[] = [];
    // No live elapsed time: nothing but the health timer renders (a poll of the same row renders nothing).
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />, { thresholds: THRESHOLDS });
    const stuckAt = Date.parse(claimed.started_at!) + THRESHOLDS.default.heartbeatTimeoutMs; // on the server clock
    await advance(5_000);
    vi.setSystemTime(Date.now() - HOUR);
    await advance(stuckAt + 1_000 - source.serverNow());
    expect(log.at(-1)?.health.state).toBe('stuck');
  });
});
