// @vitest-environment jsdom
// The first read to fail after a wake is read again at once, on the guess that it went out on a
// keep-alive socket that died in the sleep. A server that answered 503 with Retry-After is alive
// and said when to come back: read again at once anyway, and it got three reads in 100 ms.
import { focusManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, beatingTask, Probe, renderWithSource, withFakeClock } from './harness';

withFakeClock();
afterEach(() => focusManager.setFocused(undefined));
const THRESHOLDS = { default: { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 } };

describe('a wake, then the server refuses reads 503 with Retry-After: 5', () => {
  it('sends no read sooner than 5 s after a refusal', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 100 });
    const { task, stop } = beatingTask(source);
    const { fetchTasks } = source;
    const failedAt: number[] = [];
    let refusing = false;
    source.fetchTasks = async (ids, signal) => {
      if (!refusing) return fetchTasks(ids, signal);
      failedAt.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new TaskError('network', 'Try again later', { status: 503, retryAfterMs: 5_000 });
    };
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} />, { thresholds: THRESHOLDS, pollInterval: 5_000 });
    await advance(2_000);
    act(() => focusManager.setFocused(false));
    vi.setSystemTime(Date.now() + 10 * 60_000); // ten minutes asleep
    refusing = true;
    act(() => focusManager.setFocused(true));
    await advance(12_000);
    const gaps = failedAt.slice(1).map((at, i) => at - failedAt[i]!);
    expect(gaps.length).toBeGreaterThan(0);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(5_000);
    stop();
  });
});
