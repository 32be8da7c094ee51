// @vitest-environment jsdom
// Several useActiveTask hooks of one type (a header badge and a page panel): when the task they
// show ends, the type's active task is read again once, not once per hook.
import { QueryClient, dehydrate, hydrate } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { taskKeys } from '../../src/core/keys';
import { useActiveTask, type UseActiveTaskResult } from '../../src/react/use-active-task';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { advance, freshQueryClient, renderWithSource, slowReads, withFakeClock } from './harness';

withFakeClock();

/** `count` useActiveTask('export') hooks, the first watching its task (or `watchId`); every result of the last. */
function renderActives(source: MemorySource, count: number, watchId?: string): UseActiveTaskResult[] {
  const log: UseActiveTaskResult[] = [];
  function Badge({ watch }: { watch: boolean }) {
    const active = useActiveTask('export');
    useTaskStatus(watch ? (watchId ?? active.task?.id) : undefined);
    log.push(active);
    return null;
  }
  renderWithSource(
    source,
    <>
      {Array.from({ length: count }, (_, i) => (
        <Badge key={i} watch={i === 0} />
      ))}
    </>,
  );
  return log;
}

describe('useActiveTask: several hooks of one type', () => {
  it.each([2, 3])('with %i hooks, the end of the task sends one read of the active task', async (count) => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    source.setLatency(50);
    const claimed = source.worker.claim(task.id)!;
    const log = renderActives(source, count);
    await advance(1_000);
    expect(log.at(-1)?.task?.id).toBe(task.id);
    expect(source.stats.calls.fetchActiveTask).toBe(1); // their first read is shared already
    source.worker.complete(task.id, claimed.attempt);
    await advance(2_500); // the poll reads the completed row
    expect(log.at(-1)?.task).toBeNull();
    expect(source.stats.calls.fetchActiveTask).toBe(2);
  });

  it('when the task was read ended while their first read was out, that read is followed by one more, not one per hook', async () => {
    const store = createMemorySource({ realtime: false });
    const { task } = await store.submit('export', {});
    const claimed = store.worker.claim(task.id)!;
    // The slot's first answer is from before the end and arrives after the row was read ended.
    const source = slowReads(store, 'fetchActiveTask', 6_000, true);
    const log = renderActives(source, 3, task.id);
    await advance(100);
    store.worker.complete(task.id, claimed.attempt);
    await advance(5_000); // the row's poll reads it completed
    expect(log.at(-1)?.task).toBeUndefined();
    await advance(2_000);
    expect(log.at(-1)?.task).toBeNull();
    expect(store.stats.calls.fetchActiveTask).toBe(2);
  });

  it('two QueryClients hydrated from one server render each read their slot again when the task ends', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    // One dehydrated state given to two clients (two roots of one page): their slots are one object.
    const server = new QueryClient();
    await server.prefetchQuery({ queryKey: taskKeys.active('export'), queryFn: () => source.fetchActiveTask('export') });
    const state = dehydrate(server);
    source.setLatency(100);
    const logs: UseActiveTaskResult[][] = [[], []];
    function Badge({ log }: { log: UseActiveTaskResult[] }) {
      const active = useActiveTask('export');
      useTaskStatus(active.task?.id);
      log.push(active);
      return null;
    }
    for (const log of logs) {
      const queryClient = freshQueryClient();
      hydrate(queryClient, state);
      renderWithSource(source, <Badge log={log} />, { queryClient });
    }
    await advance(1_000);
    expect(logs.map((log) => log.at(-1)?.task?.id)).toEqual([task.id, task.id]);
    source.worker.complete(task.id, claimed.attempt);
    await advance(5_000);
    expect(logs.map((log) => log.at(-1)?.task)).toEqual([null, null]);
  });
});
