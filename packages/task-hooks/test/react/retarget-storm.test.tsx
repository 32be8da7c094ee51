// @vitest-environment jsdom
// A pane that follows whatever task the user clicks, for hours: a thousand ids, some finished,
// some missing (deleted, not theirs), some running. Once it stops and the cache's gcTime passes,
// nothing of them is left: no cached query, no timer, no subscription, no alarm, no read note.
import { QueryClient, focusManager, onlineManager } from '@tanstack/react-query';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { act } from '@testing-library/react';
import { useTaskContext } from '../../src/react/context';
import type { TaskClient } from '../../src/react/task-client';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { fakeUuid } from '../../src/testing/memory-store';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

const GC_TIME_MS = 5 * 60_000;

describe('a pane retargeted through 1,000 tasks', () => {
  it('leaves no query, timer, alarm, subscription or read note once it closes and gcTime passes', async () => {
    const source = createMemorySource({ latencyMs: 30 });
    const queryClient = new QueryClient({ defaultOptions: { queries: { gcTime: GC_TIME_MS } } });
    let client: TaskClient | undefined;
    let retarget: (id: string | null) => void = () => undefined;
    const log: TaskStatusResult[] = [];
    function Pane() {
      client = useTaskContext().client;
      const [id, setId] = useState<string | null>(null);
      retarget = setId;
      return id === null ? null : <Probe id={id} log={log} />;
    }
    const { unmount } = renderWithSource(source, <Pane />, { queryClient });
    const statuses = new Set<string>();
    const seen: string[] = [];
    for (let i = 0; i < 1_000; i += 1) {
      let id: string;
      if (i % 3 === 0) id = fakeUuid(1_000_000 + i); // missing: no such row
      else {
        id = (await source.store.submit('export', {})).task.id;
        if (i % 3 === 1) {
          const { attempt } = source.worker.claim(id)!;
          source.worker.complete(id, attempt, { ok: true });
        }
      }
      seen.push(id);
      act(() => retarget(id));
      // Half of them are left before their read lands.
      await advance(i % 2 === 0 ? 10 : 100);
      statuses.add(log.at(-1)!.status);
    }
    expect([...statuses].sort()).toEqual(['completed', 'loading', 'not_found', 'pending']);
    act(() => retarget(null));
    await advance(GC_TIME_MS + 1_000);
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
    expect(client!.watchedIds()).toEqual([]);
    expect(client!.alarm.size).toBe(0);
    expect(source.subscriberCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // Nor what was noted of their reads (a tab's rows collected while it watched nothing, 2769347):
    // the pane turned to one more task holds the note of that one alone.
    const { task } = await source.store.submit('export', {});
    act(() => retarget(task.id));
    await advance(1_000);
    expect(client!.readSentAt(task.id)).toBeTypeOf('number');
    expect(seen.filter((id) => client!.readSentAt(id) !== undefined)).toEqual([]);
    act(() => retarget(null));
    await advance(GC_TIME_MS + 1_000);
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    unmount();
    expect(focusManager.hasListeners() || onlineManager.hasListeners()).toBe(false);
  });
});
