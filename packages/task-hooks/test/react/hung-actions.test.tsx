// @vitest-environment jsdom
import { onlineManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

/** The memory source whose first call of `method` never answers (a half-open connection). */
function firstCallHangs(source: MemorySource, method: 'cancel' | 'retry'): MemorySource {
  const real = source[method].bind(source) as (id: string) => Promise<unknown>;
  let calls = 0;
  return Object.assign(Object.create(source) as MemorySource, {
    [method]: (id: string) => (++calls === 1 ? new Promise<never>(() => undefined) : real(id)),
  });
}

describe('a cancel or retry request that never answers', () => {
  it('Retry comes back (as a network error) and a second press goes through, instead of joining the lost one for good', async () => {
    const memory = createMemorySource({ realtime: false });
    const { task } = await memory.submit('export', {});
    memory.worker.fail(task.id, memory.worker.claim(task.id)!.attempt, 'worker_error', 'boom');
    const source = firstCallHangs(memory, 'retry');
    const log: TaskStatusResult[] = [];
    const onRetry = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false, onRetry }} />);
    await advance(1_000);
    await act(async () => {
      void log.at(-1)!.retry();
    });
    expect(log.at(-1)).toMatchObject({ isRetryPending: true, canRetry: false });
    await advance(25_000);
    expect(log.at(-1)).toMatchObject({ isRetryPending: false, canRetry: true, error: { code: 'network' } });
    await act(async () => {
      await log.at(-1)!.retry();
    });
    expect(onRetry).toHaveBeenCalledWith(expect.objectContaining({ created: true }));
  });

  it('Cancel comes back, and a second press goes through', async () => {
    const memory = createMemorySource({ realtime: false });
    const { task } = await memory.submit('export', {});
    memory.worker.claim(task.id);
    const source = firstCallHangs(memory, 'cancel');
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await advance(1_000);
    await act(async () => {
      void log.at(-1)!.cancel();
    });
    await advance(25_000);
    expect(log.at(-1)).toMatchObject({ isCancelPending: false, canCancel: true, error: { code: 'network' } });
    await act(async () => {
      await log.at(-1)!.cancel();
    });
    expect(memory.getTask(task.id)?.cancel_requested_at).not.toBeNull();
  });

  it('Cancel pressed while the device is offline comes back as a network error, instead of showing "cancelling" for good', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await advance(1_000);
    onlineManager.setOnline(false);
    source.setOffline(true);
    await act(async () => {
      void log.at(-1)!.cancel();
    });
    await advance(20_500);
    expect(log.at(-1)).toMatchObject({ isCancelling: false, isCancelPending: false, canCancel: true, error: { code: 'network' } });
    expect(source.getTask(task.id)?.cancel_requested_at).toBeNull();
  });
});
