// @vitest-environment jsdom
import { HydrationBoundary, QueryClient, dehydrate, type DehydratedState } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { taskQueryOptions } from '../../src/query';
import type { TaskStatusResult } from '../../src/react/types';
import { useTasks } from '../../src/react/use-tasks';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { Probe, advance, beatingTask, renderWithSource, withFakeClock } from './harness';

withFakeClock();

/**
 * A task whose worker beats every second, and its row as a server prefetched it 25 min ago (a page
 * state kept by the router cache): a heartbeat 25 min old, past the 20 min timeout.
 */
async function prefetchedLongAgo(source: MemorySource): Promise<{ id: string; state: DehydratedState; stop: () => void }> {
  const { task, stop } = beatingTask(source);
  const server = new QueryClient();
  await server.prefetchQuery(taskQueryOptions(task.id, source));
  const state = dehydrate(server);
  await advance(25 * 60_000);
  return { id: task.id, state, stop };
}

// No read of this client brought the hydrated row, so the mount read decides.
describe('a hydrated row prefetched long ago, whose worker beat since', () => {
  it.each([0, 300])('is not shown stuck (nor onStuck called) before the mount read lands %i ms later', async (readMs) => {
    const source = createMemorySource();
    const { id, state, stop } = await prefetchedLongAgo(source);
    const read = source.fetchTasks.bind(source);
    source.fetchTasks = async (ids, signal) => {
      const rows = await read(ids, signal);
      await new Promise((resolve) => setTimeout(resolve, readMs));
      return rows;
    };
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <HydrationBoundary state={state}><Probe id={id} log={log} options={{ onStuck }} /></HydrationBoundary>);
    await advance(2_000);
    stop();
    expect(log[0]?.status).toBe('processing'); // the hydrated row is shown at once
    expect(log.map((r) => r.health.state)).not.toContain('stuck');
    expect(log.at(-1)?.task?.heartbeat_at).not.toBeNull();
    expect(onStuck).not.toHaveBeenCalled();
  });

  it('is not shown stuck by useTasks either', async () => {
    const source = createMemorySource();
    const { id, state, stop } = await prefetchedLongAgo(source);
    const states: string[] = [];
    function List() {
      states.push(...useTasks([id]).tasks.map((t) => `${t.status}/${t.health.state}`));
      return null;
    }
    renderWithSource(source, <HydrationBoundary state={state}><List /></HydrationBoundary>);
    await advance(2_000);
    stop();
    expect(states[0]).toBe('processing/ok');
    expect(states).not.toContain('processing/stuck');
  });
});
