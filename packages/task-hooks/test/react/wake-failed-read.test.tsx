// @vitest-environment jsdom
import { focusManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, beatingTask, Probe, renderWithSource, socketDied, withFakeClock } from './harness';

withFakeClock();
const THRESHOLDS = { default: { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 } };
const SLEEP = 10 * 60_000;

describe('wake with the first read after it failing once (dead keep-alive socket)', () => {
  it.each([100, 300])('raises no warning for a worker that beat on (latency %i)', async (latencyMs) => {
    const source = createMemorySource({ realtime: false, latencyMs });
    const { task, attempt, stop } = beatingTask(source);
    const fetchTasks = source.fetchTasks;
    let failOnce = false;
    source.fetchTasks = async (ids, signal) => {
      if (failOnce) {
        failOnce = false;
        await new Promise((r) => setTimeout(r, 50));
        throw new TaskError('network', 'network: socket died in the sleep');
      }
      return fetchTasks(ids, signal);
    };
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck }} />, { thresholds: THRESHOLDS, pollInterval: 5_000 });
    await advance(2_000);
    const from = log.length;
    vi.setSystemTime(Date.now() + SLEEP);
    source.worker.heartbeat(task.id, attempt);
    failOnce = true;
    await advance(10_000);
    const states = log.slice(from).map((r) => r.health.state);
    expect(states.filter((s) => s !== 'ok')).toEqual([]);
    stop();
  });
});

describe('wake with the read its visibility event sends failing at once, before anything looked at the clock', () => {
  // The clock sample answering before the read again (0) or after it (300 ms slower).
  it.each([
    [100, 0],
    [300, 0],
    [100, 300],
    [300, 300],
  ])('raises no warning for a worker that beat on (latency %i, clock sample %i ms slower)', async (latencyMs, clockMs) => {
    const source = createMemorySource({ realtime: false, latencyMs });
    const { task, attempt, stop } = beatingTask(source);
    const { fetchTasks, serverTime } = source;
    let failOnce = false;
    source.fetchTasks = async (ids, signal) => {
      if (!failOnce) return fetchTasks(ids, signal);
      failOnce = false;
      return socketDied();
    };
    source.serverTime = async (signal) => {
      await new Promise((r) => setTimeout(r, clockMs));
      return serverTime(signal);
    };
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck }} />, { thresholds: THRESHOLDS, pollInterval: 5_000 });
    await advance(2_000);
    act(() => focusManager.setFocused(false)); // the lid closes
    const from = log.length;
    vi.setSystemTime(Date.now() + SLEEP);
    source.worker.heartbeat(task.id, attempt);
    failOnce = true;
    act(() => focusManager.setFocused(true)); // and opens: the page is visible again
    await advance(10_000);
    expect(log.slice(from).map((r) => r.health.state).filter((s) => s !== 'ok')).toEqual([]);
    expect(onStuck).not.toHaveBeenCalled();
    stop();
  });
});

describe('wake with every read after it failing (the clock sample answers)', () => {
  it('still shows a worker that died in the sleep stuck within a window of the first failure', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 100 });
    const { task, stop } = beatingTask(source);
    const fetchTasks = source.fetchTasks;
    const failedAt: number[] = [];
    let failing = false;
    source.fetchTasks = async (ids, signal) => {
      if (!failing) return fetchTasks(ids, signal);
      await new Promise((r) => setTimeout(r, 50));
      failedAt.push(Date.now());
      throw new TaskError('network', 'network: server unreachable');
    };
    const shown: Array<{ at: number; state: string }> = [];
    const onStuck = vi.fn();
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck }} />, { thresholds: THRESHOLDS, pollInterval: 5_000 });
    await advance(2_000);
    stop(); // the worker dies in the sleep
    const from = log.length;
    vi.setSystemTime(Date.now() + SLEEP);
    failing = true;
    for (let i = 0; i < 50; i += 1) {
      await advance(100);
      const now = log.at(-1)!.health.state;
      if (shown.at(-1)?.state !== now) shown.push({ at: Date.now(), state: now });
    }
    // The first failure is forgiven once (read again at once); the second is not, and no read
    // lands within the window after the first: the verdict shows unconfirmed.
    expect(failedAt.length).toBeGreaterThanOrEqual(2);
    expect(failedAt[1]! - failedAt[0]!).toBeLessThan(250); // the retry went out at once, no backoff
    const stuck = shown.find((s) => s.state === 'stuck');
    expect(stuck).toBeDefined();
    expect(stuck!.at - failedAt[0]!).toBeLessThanOrEqual(1_000);
    expect(log.slice(from).map((r) => r.health.state).slice(-1)).toEqual(['stuck']);
    expect(onStuck).toHaveBeenCalledTimes(1);
  });
});
