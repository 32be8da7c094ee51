// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskEvents, type UseTaskEventsResult } from '../../src/react/use-task-events';
import { taskKeys } from '../../src/core/keys';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import type { QueryClient } from '@tanstack/react-query';
import { Probe, advance, freshQueryClient, renderWithSource, slowReads, withFakeClock } from './harness';

withFakeClock();

/** A task card with its timeline: `useTaskStatus` and `useTaskEvents` of one id, side by side. */
function renderCardWithTrail(source: MemorySource, id: string, queryClient?: QueryClient) {
  const log: TaskStatusResult[] = [];
  const trail: { last?: UseTaskEventsResult } = {};
  function Trail() {
    trail.last = useTaskEvents(id);
    return null;
  }
  renderWithSource(source, <><Trail /><Probe id={id} log={log} /></>, { queryClient });
  return { log, kinds: () => trail.last?.events?.map((e) => e.kind) };
}

describe('useTaskEvents', () => {
  it('shows the cancel request once the server wrote it, not only what was read at the optimistic update', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    const { log, kinds } = renderCardWithTrail(source, task.id);
    await advance(100);
    expect(kinds()).toEqual(['submitted', 'claimed']);
    await log.at(-1)!.cancel();
    await advance(5_000);
    expect(kinds()).toEqual(['submitted', 'claimed', 'cancel_requested']);
  });

  it('reads the trail again when the status changes during its first read, which was answered before the change', async () => {
    const memory = createMemorySource();
    const { task } = await memory.submit('export', {});
    // The trail's query is slower than the row's (a table scan against a primary key lookup): it is
    // answered from the database at once, and arrives a second later.
    const source = slowReads(memory, 'fetchEvents', 1_000);
    // The row is cached already (the submit's answer, a list page): the page opens on "pending".
    const queryClient = freshQueryClient();
    queryClient.setQueryData(taskKeys.task(task.id), task);
    const { kinds } = renderCardWithTrail(source, task.id, queryClient);
    await advance(100);
    memory.worker.claim(task.id); // its realtime hint brings "processing" while the trail is still out
    await advance(5_000);
    expect(kinds()).toEqual(['submitted', 'claimed']);
  });
});
