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
  it.each([['HydrationBoundary', HydrationBoundary], ['TaskHydrationBoundary', TaskHydrationBoundary]] as const)('%s below an app provider: first render', async (_, Boundary) => {
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
    console.log(_, log[0]?.status);
    if (Boundary === TaskHydrationBoundary) expect(log[0]?.status).toBe('pending');
  });
});
