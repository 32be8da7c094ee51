// @vitest-environment jsdom
// A tab open for days watches ids that come and go (a dashboard, a detail page visited and left).
// What the client notes about an id must go with the id: these drive thousands of ids through
// watch → read → release and check that nothing about them is kept once their rows are collected,
// and that an id released while its read was out is read afresh when it is watched again.
import { QueryClient, focusManager, onlineManager } from '@tanstack/react-query';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { act } from '@testing-library/react';
import { useTaskContext } from '../../src/react/context';
import type { TaskClient } from '../../src/react/task-client';
import type { TaskStatusResult } from '../../src/react/types';
import { useTasks } from '../../src/react/use-tasks';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, flush, renderWithSource, withFakeClock } from './harness';

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

  it('reads again at once an id it turned back to whose read was still out when it left it', async () => {
    const source = createMemorySource({ latencyMs: 400 });
    const first = (await source.store.submit('export', {})).task.id;
    const second = (await source.store.submit('export', {})).task.id;
    const log: TaskStatusResult[] = [];
    let retarget: (id: string) => void = () => undefined;
    function Pane() {
      const [id, setId] = useState(first);
      retarget = setId;
      return <Probe id={id} log={log} />;
    }
    renderWithSource(source, <Pane />);
    await advance(1_000);
    expect(log.at(-1)?.status).toBe('pending');
    // The realtime channel is healthy: polls come every 30 s. The first task's safety poll goes out…
    const reads = source.stats.fetchBatches.length;
    for (let i = 0; i < 400 && source.stats.fetchBatches.length === reads; i += 1) await advance(100);
    expect(source.stats.fetchBatches.slice(reads)).toEqual([[first]]);
    expect(source.pendingCalls).toBe(1);
    act(() => retarget(second)); // …and the pane turns to the second task before it lands
    await advance(1_000);
    expect(log.at(-1)?.task?.id).toBe(second);
    // Meanwhile the first one is claimed: its hint finds no one watching it.
    source.worker.claim(first);
    await advance(1_000);
    act(() => retarget(first));
    await advance(1_000); // a read, 400 ms
    expect(log.at(-1)?.task?.id).toBe(first);
    expect(log.at(-1)?.status).toBe('processing');
  });
});
