// @vitest-environment jsdom
import { HydrationBoundary, QueryClient, QueryClientProvider, dehydrate, type HydrationBoundaryProps } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { useTaskContext } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { taskQueryOptions } from '../../src/query/keys';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, Probe, renderWithSource, withFakeClock } from './harness';

// The README recipe, verbatim.
function TaskHydrationBoundary(props: HydrationBoundaryProps) {
  return <HydrationBoundary {...props} queryClient={useTaskContext().client.queryClient} />;
}

withFakeClock();

describe('the README TaskHydrationBoundary recipe', () => {
  // A plain HydrationBoundary below an app's own QueryClientProvider fills that provider's client,
  // not the one the hooks read: the first render has nothing (why the recipe exists).
  it.each([
    ['HydrationBoundary', HydrationBoundary, 'loading'],
    ['TaskHydrationBoundary', TaskHydrationBoundary, 'pending'],
  ] as const)('%s below an app provider: the first render is %s', async (_, Boundary, firstStatus) => {
    const source = createMemorySource({ realtime: false, latencyMs: 500 });
    const { task } = source.store.submit('export', {});
    const server = new QueryClient();
    const prefetched = server.prefetchQuery(taskQueryOptions(task.id, source));
    await advance(600);
    await prefetched;
    const state = dehydrate(server);
    const log: TaskStatusResult[] = [];
    const appClient = new QueryClient();
    renderWithSource(source, (
      <QueryClientProvider client={appClient}>
        <Boundary state={state}><Probe id={task.id} log={log} options={{ liveElapsed: false }} /></Boundary>
      </QueryClientProvider>
    ));
    expect(log[0]?.status).toBe(firstStatus);
  });
});
