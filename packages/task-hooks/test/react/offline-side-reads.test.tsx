// @vitest-environment jsdom
import { onlineManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TaskError } from '../../src/core/errors';
import { useActiveTask } from '../../src/react/use-active-task';
import { useTaskEvents } from '../../src/react/use-task-events';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

// useActiveTask and useTaskEvents on a device that is offline (TanStack's onlineManager, the
// browser's `navigator.onLine`): not a spinner for as long as it lasts, as TanStack's default
// networkMode would leave them, but the `network` error the task rows report, and a read again
// by themselves once the device is back.

withFakeClock();

interface Read {
  isLoading: boolean;
  error: TaskError | null;
  /** What the read brought, as text (undefined: nothing yet). */
  data: string | undefined;
}

function useActiveRead(): Read {
  const r = useActiveTask('export');
  return { isLoading: r.isLoading, error: r.error, data: r.task?.status };
}

function useTrailRead(id: string): Read {
  const r = useTaskEvents(id);
  return { isLoading: r.isLoading, error: r.error, data: r.events?.map((e) => e.kind).join() };
}

const readers = [
  ['useActiveTask', 'fetchActiveTask', () => useActiveRead(), 'processing'],
  ['useTaskEvents', 'fetchEvents', (id: string) => useTrailRead(id), 'submitted,claimed'],
] as const;

/** The device loses its network: the browser says so and every request fails. */
const setOffline = (source: MemorySource, offline: boolean) =>
  act(() => {
    source.setOffline(offline);
    onlineManager.setOnline(!offline);
  });

describe.each(readers)('%s while the device is offline', (_, method, useRead, loaded) => {
  it('fails as a network error at once, sends no request loop, and reads again by itself once back online', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    await setOffline(source, true);
    const reads: Read[] = [];
    function Reader() {
      reads.push(useRead(task.id));
      return null;
    }
    renderWithSource(source, <Reader />);
    await advance(100);
    expect(reads.at(-1)).toMatchObject({ isLoading: false, data: undefined, error: { code: 'network' } });
    const failedAt = reads.length;
    // Two minutes offline: the error stays (no flash of "loading"), and requests come no faster than
    // the 30 s safety poll.
    await advance(120_000);
    expect(reads.slice(failedAt - 1).every((r) => !r.isLoading && r.error?.code === 'network')).toBe(true);
    expect(source.stats.calls[method]).toBeLessThanOrEqual(1 + 120_000 / 30_000);
    await setOffline(source, false);
    await advance(100);
    expect(reads.at(-1)).toEqual({ isLoading: false, error: null, data: loaded });
  });
});
