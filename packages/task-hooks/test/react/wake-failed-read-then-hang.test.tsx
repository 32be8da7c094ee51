// @vitest-environment jsdom
import { focusManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, beatingTask, Probe, renderWithSource, withFakeClock } from './harness';

withFakeClock();
const THRESHOLDS = { default: { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 } };

describe('wake, first read fails, the retry hangs, the clock sample answers late', () => {
  it('shows a worker that died in the sleep stuck within a window of the first failure', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 50 });
    const { task, stop } = beatingTask(source);
    const { fetchTasks, serverTime } = source;
    let mode: 'ok' | 'fail' | 'hang' = 'ok';
    const failedAt: number[] = [];
    source.fetchTasks = async (ids, signal) => {
      if (mode === 'ok') return fetchTasks(ids, signal);
      if (mode === 'hang') return new Promise(() => undefined); // a stalled server (20 s timeout)
      mode = 'hang';
      await new Promise((r) => setTimeout(r, 20));
      failedAt.push(Date.now());
      throw new TaskError('network', 'network: socket died in the sleep');
    };
    let slowClock = false;
    let sampleAt = 0;
    source.serverTime = async (signal) => {
      if (slowClock) await new Promise((r) => setTimeout(r, 3_000));
      const t = await serverTime(signal);
      if (slowClock && !sampleAt) sampleAt = Date.now();
      return t;
    };
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck }} />, { thresholds: THRESHOLDS, pollInterval: 5_000 });
    await advance(2_000);
    stop(); // the worker dies in the sleep
    act(() => focusManager.setFocused(false));
    vi.setSystemTime(Date.now() + 10 * 60_000);
    mode = 'fail';
    slowClock = true;
    act(() => focusManager.setFocused(true));
    let stuckAt = 0;
    for (let i = 0; i < 500 && !stuckAt; i += 1) {
      await advance(50);
      if (log.at(-1)!.health.state === 'stuck') stuckAt = Date.now();
    }
    expect(stuckAt).toBeGreaterThan(0);
    // Before the sample the estimate is behind by the sleep (inherent); once it lands, the hold must
    // not start again: the forgiven failure's window is long over.
    expect(stuckAt - Math.max(sampleAt, failedAt[0]! + 500)).toBeLessThanOrEqual(300);
  });
});
