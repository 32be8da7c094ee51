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

describe('wake, more than 100 watched tasks (two chunks), each chunk first read fails once', () => {
  it('raises no warning for workers that beat on', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 100 });
    const tasks = Array.from({ length: 101 }, () => {
      const { task } = source.store.submit('export', {});
      const { attempt } = source.worker.claim(task.id)!;
      return { id: task.id, attempt };
    });
    const beatAll = () => tasks.forEach((t) => source.worker.heartbeat(t.id, t.attempt));
    const beat = setInterval(beatAll, 1_000);
    const { fetchTasks } = source;
    let failNext = 0;
    source.fetchTasks = async (ids, signal) => {
      if (failNext > 0) {
        failNext -= 1;
        return socketDied();
      }
      return fetchTasks(ids, signal);
    };
    const logs = tasks.map(() => [] as TaskStatusResult[]);
    const onStuck = vi.fn();
    renderWithSource(source, <>{tasks.map((t, i) => <Probe key={t.id} id={t.id} log={logs[i]!} options={{ onStuck }} />)}</>, { thresholds: THRESHOLDS, pollInterval: 5_000 });
    await advance(2_000);
    act(() => focusManager.setFocused(false));
    const from = logs.map((l) => l.length);
    vi.setSystemTime(Date.now() + SLEEP);
    beatAll();
    failNext = 2; // both sockets died
    act(() => focusManager.setFocused(true));
    await advance(10_000);
    const bad = logs.flatMap((l, i) => l.slice(from[i]).map((r) => r.health.state)).filter((s) => s !== 'ok');
    expect(bad.length).toBe(0);
    expect(onStuck).not.toHaveBeenCalled();
    clearInterval(beat);
  });
});

describe('a read in flight across the sleep fails on waking before anything looked at the clock', () => {
  it('raises no warning for a worker that beat on', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 100 });
    const { task, attempt, stop } = beatingTask(source);
    const { fetchTasks } = source;
    let hang = false;
    let rejectPending: (() => void) | undefined;
    source.fetchTasks = async (ids, signal) => {
      if (hang) {
        hang = false;
        return new Promise((_, reject) => {
          rejectPending = () => reject(new TaskError('network', 'network: socket died in the sleep'));
        });
      }
      return fetchTasks(ids, signal);
    };
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck }} />, { thresholds: THRESHOLDS, pollInterval: 5_000 });
    await advance(2_000);
    hang = true;
    await advance(3_500); // the 5 s poll goes out and hangs: the lid closes with it in flight
    expect(rejectPending).toBeDefined();
    act(() => focusManager.setFocused(false));
    const from = log.length;
    vi.setSystemTime(Date.now() + SLEEP);
    source.worker.heartbeat(task.id, attempt);
    await act(async () => rejectPending!()); // the dead socket answers first on waking
    act(() => focusManager.setFocused(true));
    await advance(10_000);
    expect(log.slice(from).map((r) => r.health.state).filter((s) => s !== 'ok')).toEqual([]);
    expect(onStuck).not.toHaveBeenCalled();
    stop();
  });
});
