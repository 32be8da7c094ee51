// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { useTasks, type UseTasksResult } from '../../src/react/use-tasks';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, freshQueryClient, renderWithSource, withFakeClock } from './harness';

withFakeClock();

describe('useTasks over a history page of many ids', () => {
  it('searches the query cache a few times when it mounts, not once per id (quadratic in the ids)', async () => {
    const source = createMemorySource({ realtime: false });
    const ids = Array.from({ length: 500 }, () => source.store.submit('export', {}).task.id);
    const queryClient = freshQueryClient();
    // Each refetchQueries walks every query in the cache: one per id is 500 × 500 predicate calls.
    const refetches = vi.spyOn(queryClient, 'refetchQueries');
    let last!: UseTasksResult;
    function History() {
      last = useTasks(ids, { liveElapsed: false });
      return null;
    }
    renderWithSource(source, <History />, { queryClient });
    await advance(100);
    expect(last.tasks.filter((t) => t.status === 'pending')).toHaveLength(500);
    expect(source.stats.fetchBatches).toHaveLength(5); // 100 ids per request
    expect(refetches.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('searches the query cache a few times when its tasks cross a threshold together, not once per id', async () => {
    const source = createMemorySource({ realtime: false });
    const ids = Array.from({ length: 500 }, () => source.store.submit('export', {}).task.id);
    const queryClient = freshQueryClient();
    let last!: UseTasksResult;
    function History() {
      last = useTasks(ids, { liveElapsed: false, pollInterval: 3_600_000 });
      return null;
    }
    renderWithSource(source, <History />, { queryClient });
    await advance(100);
    const refetches = vi.spyOn(queryClient, 'refetchQueries');
    source.resetStats();
    // Submitted together, all 500 are "slow" at 10 min, each verdict waiting for a fresh read.
    await advance(10 * 60_000);
    expect(last.tasks.filter((t) => t.health.state === 'slow')).toHaveLength(500);
    expect(source.stats.fetchBatches).toHaveLength(5);
    expect(refetches.mock.calls.length).toBeLessThanOrEqual(3);
  });
});
