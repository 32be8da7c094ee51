// @vitest-environment jsdom
// A tab open for days watches ids that come and go (a dashboard, a detail page visited and left).
// What the client notes about an id must go with the id: these drive thousands of ids through
// watch → read → release and check that nothing about them is kept once their rows are collected.
import { QueryClient, focusManager, onlineManager } from '@tanstack/react-query';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { act } from '@testing-library/react';
import { useTaskContext } from '../../src/react/context';
import type { TaskClient } from '../../src/react/task-client';
import { useTasks } from '../../src/react/use-tasks';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, flush, renderWithSource, withFakeClock } from './harness';

withFakeClock();

/** TanStack's own default: a row nobody observes is collected 5 min after its last observer left. */
const GC_TIME_MS = 5 * 60_000;

describe('ids released by a long-lived tab', () => {
  it('forgets the reads behind 5,000 rows once the cache collects them, though nothing was watched when it did', async () => {
    const source = createMemorySource({ realtime: false });
    const queryClient = new QueryClient({ defaultOptions: { queries: { gcTime: GC_TIME_MS } } });
    let client: TaskClient | undefined;
    let show: (ids: string[]) => void = () => undefined;
    // A page with a list of tasks, and pages without any (settings, another tab of the app).
    function Page() {
      client = useTaskContext().client;
      const [ids, setIds] = useState<string[]>([]);
      show = setIds;
      return ids.length > 0 ? <List ids={ids} /> : null;
    }
    function List({ ids }: { ids: string[] }) {
      useTasks(ids, { liveElapsed: false });
      return null;
    }
    const { unmount } = renderWithSource(source, <Page />, { queryClient });
    await flush();
    const seen: string[] = [];
    for (let visit = 0; visit < 100; visit += 1) {
      const ids: string[] = [];
      for (let i = 0; i < 50; i += 1) ids.push((await source.store.submit('export', {})).task.id);
      seen.push(...ids);
      act(() => show(ids));
      await advance(1_000);
      expect(client!.readSentAt(ids[0]!)).toBeTypeOf('number');
      act(() => show([])); // away from the list: nothing is watched while its rows are collected
      await advance(GC_TIME_MS + 1_000);
    }
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
    // Back to a task page: what is noted of the ids before is gone (at most the last visit's ids
    // are noted while nothing is watched; a tab holds no more than one page of them).
    const { task } = await source.store.submit('export', {});
    act(() => show([task.id]));
    await advance(1_000);
    expect(client!.readSentAt(task.id)).toBeTypeOf('number');
    expect(seen.filter((id) => client!.readSentAt(id) !== undefined)).toEqual([]);
    act(() => show([]));
    await advance(GC_TIME_MS + 1_000);
    unmount();
    expect(focusManager.hasListeners() || onlineManager.hasListeners()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
