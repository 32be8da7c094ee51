// @vitest-environment jsdom
import { focusManager, onlineManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, beatingTask, Probe, renderWithSource, withFakeClock } from './harness';

withFakeClock();
const THRESHOLDS = { default: { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 } };

describe.each([false, true])('back online with a failing server (a wake earlier: %s)', (wokeEarlier) => {
  it('shows a worker that died while offline stuck within a window of coming back', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 50 });
    const { task, attempt, stop } = beatingTask(source);
    const { fetchTasks, serverTime } = source;
    let failing = false;
    source.fetchTasks = async (ids, signal) => {
      if (!failing) return fetchTasks(ids, signal);
      await new Promise((r) => setTimeout(r, 400));
      throw new TaskError('server', 'server: 503');
    };
    source.serverTime = async (signal) => {
      await new Promise((r) => setTimeout(r, 200)); // the clock sample answers after the task read
      return serverTime(signal);
    };
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} />, { thresholds: THRESHOLDS, pollInterval: 5_000 });
    await advance(2_000);
    if (wokeEarlier) {
      act(() => focusManager.setFocused(false));
      vi.setSystemTime(Date.now() + 10 * 60_000);
      source.worker.heartbeat(task.id, attempt);
      act(() => focusManager.setFocused(true));
      await advance(3_000); // every read succeeds; the clock sample lands after them
      expect(log.at(-1)!.health.state).toBe('ok');
    }
    act(() => onlineManager.setOnline(false));
    failing = true; // offline: every read fails
    stop(); // the worker dies while we are offline
    await advance(20_000);
    failing = true;
    act(() => onlineManager.setOnline(true));
    const backAt = Date.now();
    let stuckAt = 0;
    for (let i = 0; i < 40 && !stuckAt; i += 1) {
      await advance(50);
      if (log.at(-1)!.health.state === 'stuck') stuckAt = Date.now();
    }
    expect(stuckAt - backAt).toBeLessThanOrEqual(800);
  });
});
import { vi } from 'vitest';
