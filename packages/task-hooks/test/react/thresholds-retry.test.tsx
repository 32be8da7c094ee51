// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

const MIN = 60_000;

/** A memory source whose `render` type allows an hour without a beat, and whose thresholds read fails `failures` times first. */
function longRenders(failures: number) {
  // Long renders: a heartbeat every hour is healthy for this type (seed: stuck after 20 min).
  const source = createMemorySource({ realtime: false, types: { render: { heartbeatWarnAfterMs: 90 * MIN, heartbeatTimeoutMs: 120 * MIN } } });
  const fetchThresholds = source.fetchThresholds;
  let calls = 0;
  source.fetchThresholds = async (signal) => {
    calls += 1;
    if (calls <= failures) throw new TaskError('network', 'network: a blip at page load');
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // a slow answer: the task reads land first
    return fetchThresholds(signal);
  };
  return source;
}

describe('a read of the thresholds that fails once, at page load', () => {
  it('judges nothing until it is read again, so a long type already past the seed defaults is never called stuck', async () => {
    const source = longRenders(1);
    const { task } = source.store.submit('render', {});
    source.worker.claim(task.id);
    await advance(25 * MIN); // silent for 25 min before the page opens: past the seed's 20, within the type's 120
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, liveElapsed: false, pollInterval: 60_000 }} />);
    await advance(3 * MIN);
    expect(log.map((r) => r.health.state)).not.toContain('stuck');
    expect(log.map((r) => r.health.state)).not.toContain('slow');
    expect(onStuck).not.toHaveBeenCalled();
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'ok' }, thresholds: { heartbeatTimeoutMs: 120 * MIN } });
  });

  it('judges on the seed defaults once the second read fails too, so a dead worker is still flagged', async () => {
    const source = longRenders(Infinity);
    const { task } = source.store.submit('render', {});
    source.worker.claim(task.id);
    await advance(25 * MIN);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false, pollInterval: 60_000 }} />);
    await advance(3 * MIN);
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'stuck', reason: 'no_heartbeat' } });
  });

  it('is read again, so a long type is not called stuck on the seed defaults for the rest of the session', async () => {
    // Long renders: a heartbeat every hour is healthy for this type (seed: stuck after 20 min).
    const source = createMemorySource({ realtime: false, types: { render: { heartbeatWarnAfterMs: 90 * MIN, heartbeatTimeoutMs: 120 * MIN } } });
    const { task } = source.store.submit('render', {});
    source.worker.claim(task.id); // and beats hourly: never again within this test
    const fetchThresholds = source.fetchThresholds;
    let calls = 0;
    source.fetchThresholds = async (signal) => {
      calls += 1;
      if (calls === 1) throw new TaskError('network', 'network: a blip at page load');
      return fetchThresholds(signal);
    };
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, liveElapsed: false, pollInterval: 60_000 }} />);
    await advance(30 * MIN); // 30 min of silence is fine for this type
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'ok' }, thresholds: { heartbeatTimeoutMs: 120 * MIN } });
    expect(onStuck).not.toHaveBeenCalled();
  });

  it('is read again at once when a task read answered while it was out, so a verdict does not wait for the next poll', async () => {
    // Realtime: the next poll is the 30 s safety poll. The thresholds fail after the mount read is in.
    const source = createMemorySource();
    const fetchThresholds = source.fetchThresholds;
    let calls = 0;
    source.fetchThresholds = async (signal) => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 500)); // slower than the task read
      if (calls === 1) throw new TaskError('network', 'network: a blip at page load');
      return fetchThresholds(signal);
    };
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    await advance(25 * MIN); // dead for 25 min: stuck on the seed's 20
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await advance(3_000);
    expect(calls).toBe(2);
    expect(log.at(-1)).toMatchObject({ health: { state: 'stuck', reason: 'no_heartbeat' } });
  });
});

describe('a read of the thresholds that fails twice at page load', () => {
  /** A long render, silent 25 min when the page opens (stuck on the seed's 20, fine on its type's 120). */
  async function silentRender(realtime: boolean, failures: number) {
    const source = createMemorySource({ realtime, types: { render: { heartbeatWarnAfterMs: 90 * MIN, heartbeatTimeoutMs: 120 * MIN } } });
    const fetchThresholds = source.fetchThresholds;
    let calls = 0;
    source.fetchThresholds = async (signal) => {
      calls += 1;
      if (calls <= failures) throw new TaskError('network', 'network: a blip at page load');
      return fetchThresholds(signal);
    };
    const { task } = source.store.submit('render', {});
    source.worker.claim(task.id);
    await advance(25 * MIN);
    return { source, task, calls: () => calls };
  }

  it.each([
    ['a live realtime channel (the next read is the 30 s safety poll)', true, undefined],
    ['polling every 10 min', false, 10 * MIN],
  ])('is read again within seconds with %s, so the long type is not judged on the seed defaults until a task read', async (_, realtime, pollInterval) => {
    const { source, task, calls } = await silentRender(realtime, 2);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false, pollInterval }} />);
    await advance(10_000);
    expect(calls()).toBe(3);
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'ok' }, thresholds: { heartbeatTimeoutMs: 120 * MIN } });
  });

  it('keeps reading them with the polls\' backoff while they fail, and stops when nothing is watched', async () => {
    const { source, task, calls } = await silentRender(true, Infinity);
    const log: TaskStatusResult[] = [];
    const { unmount } = renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await advance(2 * MIN);
    // Backoff capped at 30 s (full jitter, at least 250 ms): a few reads a minute, not a loop.
    expect(calls()).toBeGreaterThan(4);
    expect(calls()).toBeLessThan(60);
    expect(log.at(-1)).toMatchObject({ health: { state: 'stuck', reason: 'no_heartbeat' } });
    unmount();
    await advance(10_000);
    const afterUnmount = calls();
    await advance(10 * MIN);
    expect(calls()).toBe(afterUnmount);
  });

  it('leaves no retry timer behind when the last watcher unmounts', async () => {
    const { source, task } = await silentRender(true, Infinity);
    const { unmount } = renderWithSource(source, <Probe id={task.id} log={[]} options={{ liveElapsed: false }} />);
    await advance(2 * MIN); // both reads failed: a timed retry is waiting
    unmount();
    await advance(1_000); // let in-flight simulated requests land
    expect(vi.getTimerCount()).toBe(0);
  });
});
