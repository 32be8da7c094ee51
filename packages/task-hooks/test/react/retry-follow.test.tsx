// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

/** A failed task and a second one to look at instead, on a source that answers in 400 ms. */
async function failedAndOther() {
  const source = createMemorySource({ realtime: false });
  const { task } = await source.submit('export', {});
  source.worker.fail(task.id, source.worker.claim(task.id)!.attempt, 'worker_error', 'boom');
  const other = (await source.submit('export', {})).task;
  source.setLatency(400);
  return { source, failed: task, other };
}

describe('onRetry, the task to follow', () => {
  it('is not handed over once the hook watches another task (the app would leave the one now shown)', async () => {
    const { source, failed, other } = await failedAndOther();
    const log: TaskStatusResult[] = [];
    const onRetry = vi.fn();
    const { rerenderWith } = renderWithSource(source, <Probe id={failed.id} log={log} options={{ liveElapsed: false, onRetry }} />);
    await advance(1_000);
    expect(log.at(-1)).toMatchObject({ status: 'failed', canRetry: true });
    let retried!: ReturnType<TaskStatusResult['retry']>;
    await act(async () => {
      retried = log.at(-1)!.retry();
    });
    rerenderWith(<Probe id={other.id} log={log} options={{ liveElapsed: false, onRetry }} />); // the user opened another task
    await advance(1_000);
    expect((await retried)?.created).toBe(true); // the retry itself went through, and its caller has it
    expect(onRetry).not.toHaveBeenCalled();
    expect(log.at(-1)?.task?.id).toBe(other.id);
  });

  it('is not handed over once the hook has unmounted (an onRetry that navigates would pull the user back)', async () => {
    const { source, failed } = await failedAndOther();
    const log: TaskStatusResult[] = [];
    const onRetry = vi.fn();
    const { unmount } = renderWithSource(source, <Probe id={failed.id} log={log} options={{ liveElapsed: false, onRetry }} />);
    await advance(1_000);
    await act(async () => {
      void log.at(-1)!.retry();
    });
    unmount(); // the user left the page
    await advance(1_000);
    expect(source.stats.calls.retry).toBe(1);
    expect(onRetry).not.toHaveBeenCalled();
  });
});
