// @vitest-environment jsdom
import { onlineManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

const THRESHOLDS = { default: { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 } };
const SLEEP = 10 * 60_000;
const HOUR = 3_600_000;

/**
 * A laptop that sleeps: the wall clock (and the server's) moves on, the monotonic clock does not
 * (performance.now() stands still through a sleep in Chrome and Safari on macOS), so the client
 * sees its wall clock jump and must measure the server clock again.
 */
const sleep = (ms: number) => vi.setSystemTime(Date.now() + ms);

async function stuckTask(latencyMs: number): Promise<TaskStatusResult[]> {
  const source = createMemorySource({ realtime: false });
  const { task } = source.store.submit('export', {});
  source.worker.claim(task.id); // and never beats again
  source.setLatency(latencyMs);
  const log: TaskStatusResult[] = [];
  renderWithSource(source, <Probe id={task.id} log={log} />, { thresholds: THRESHOLDS });
  await advance(10_000);
  expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'stuck' }, canRetry: true });
  return log;
}

describe('a sleep of the device, waking online', () => {
  it('keeps a stuck task stuck while the clock is measured again (no flash of "ok", no Retry taken away)', async () => {
    const log = await stuckTask(200);
    const from = log.length;
    sleep(SLEEP);
    await advance(3_000);
    const after = log.slice(from);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((r) => r.health.state !== 'stuck' || r.elapsedMs === null)).toEqual([]);
  });

  // 300 and 400 ms: the three clock samples then outlast a render of the elapsed time (every second),
  // which must not judge the old row on the corrected clock before they are all in.
  it.each([100, 300, 400])('raises no warning for a worker that beat on through it (round trips of %i ms)', async (latencyMs) => {
    // The clock is measured again at once, the next poll is seconds away: the verdict must wait for a read.
    const source = createMemorySource({ realtime: false, latencyMs });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    const beat = setInterval(() => source.worker.heartbeat(task.id, attempt), 1_000);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} />, { thresholds: THRESHOLDS, pollInterval: 5_000 });
    await advance(2_000);
    const from = log.length;
    sleep(SLEEP);
    source.worker.heartbeat(task.id, attempt); // it beat on meanwhile (and goes on: `beat`)
    await advance(10_000);
    expect(log.slice(from).map((r) => r.health.state).filter((state) => state !== 'ok')).toEqual([]);
    clearInterval(beat);
  });
});

/** The device loses its network (the browser says so and every read fails) or gets it back. */
const setOffline = (source: MemorySource, offline: boolean) =>
  act(() => {
    source.setOffline(offline);
    onlineManager.setOnline(!offline);
  });

/** Status, health and whether an elapsed time shows. */
const state = (r: TaskStatusResult) => `${r.status}/${r.health.state}${r.elapsedMs === null ? ' (no elapsed time)' : ''}`;

/** Records each state `useTaskStatus` shows, with the local time it first showed. */
function Shown({ id, shown }: { id: string; shown: Array<{ at: number; state: string }> }) {
  const now = state(useTaskStatus(id));
  if (shown.at(-1)?.state !== now) shown.push({ at: Date.now(), state: now });
  return null;
}

describe('a laptop that sleeps an hour with a task running, wakes offline, then comes online', () => {
  /** Watches a claimed task through it; returns the states shown before the sleep and after. */
  async function sleepThrough(worker: 'alive' | 'dies' | 'dead before') {
    // The backoff's jitter fixed: a retry of the failed reads that happened to leave in the last
    // 50 ms offline would find the network back halfway through its latency and land before the
    // read that coming back sends, and the timings below are measured from that read.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const source = createMemorySource({ realtime: false, latencyMs: 100 });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    const beats = () => setInterval(() => source.worker.heartbeat(task.id, attempt), 1_000);
    let beat = worker === 'dead before' ? undefined : beats();
    const shown: Array<{ at: number; state: string }> = [];
    renderWithSource(source, <Shown id={task.id} shown={shown} />, { thresholds: THRESHOLDS });
    await advance(worker === 'dead before' ? 10_000 : 2_000);
    clearInterval(beat); // no timer runs while the laptop sleeps
    sleep(HOUR);
    if (worker === 'alive') {
      source.worker.heartbeat(task.id, attempt); // the worker beat on meanwhile
      beat = beats();
    }
    const before = shown.length;
    await setOffline(source, true);
    await advance(5_000);
    const backAt = Date.now();
    await setOffline(source, false);
    await advance(5_000);
    clearInterval(beat);
    return { before: shown.slice(0, before), after: shown.slice(before), backAt };
  }

  /** The warnings shown, each once in a row (whether an elapsed time shows aside). */
  const warnings = (shown: Array<{ state: string }>) =>
    shown.map((s) => s.state.replace(/ .*/, '')).filter((now, i, all) => now !== all[i - 1] && now !== 'processing/ok');

  it('raises no warning for a worker that beat on through the sleep', async () => {
    const { after } = await sleepThrough('alive');
    expect(warnings(after)).toEqual([]);
  });

  it('flags a worker that died in the sleep soon after the first read back confirms it', async () => {
    const { after, backAt } = await sleepThrough('dies');
    // Nothing new is known while offline; the read sent when the device is back answers 100 ms later.
    expect(warnings(after)).toEqual(['processing/slow', 'processing/stuck']);
    expect(after.find((s) => s.state === 'processing/slow')!.at).toBeGreaterThanOrEqual(backAt + 100);
    expect(after.find((s) => s.state === 'processing/stuck')!.at - (backAt + 100)).toBeLessThanOrEqual(1_000);
  });

  it('keeps a stuck verdict shown before the sleep, with its elapsed time, while offline', async () => {
    const { before, after } = await sleepThrough('dead before');
    expect(before.at(-1)?.state).toBe('processing/stuck');
    expect(after.map((s) => s.state)).toEqual([]);
  });
});
