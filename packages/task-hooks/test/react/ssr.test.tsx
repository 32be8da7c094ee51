// @vitest-environment jsdom
import { HydrationBoundary, QueryClient, dehydrate } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import { taskKeys, taskQueryOptions } from '../../src/query';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createMemorySource } from '../../src/testing/memory-source';
import { flush, freshQueryClient, renderWithSource } from './harness';

function Status({ id, log }: { id: string; log?: TaskStatusResult[] }) {
  const result = useTaskStatus(id);
  log?.push(result);
  return <p>{result.status}</p>;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('server prefetch and hydration', () => {
  it('prefetches with taskQueryOptions, renders the row on the server and on the first client render', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const server = new QueryClient();
    await server.prefetchQuery(taskQueryOptions(task.id, source));
    expect(server.getQueryData(taskKeys.task(task.id))).toMatchObject({ id: task.id, status: 'pending' });
    const state = dehydrate(server);

    const html = renderToString(
      <TaskProvider source={source} queryClient={new QueryClient()}>
        <HydrationBoundary state={state}>
          <Status id={task.id} />
        </HydrationBoundary>
      </TaskProvider>,
    );
    expect(html).toContain('<p>pending</p>');
    expect(source.stats.calls.fetchTasks).toBe(1); // server rendering sends nothing more

    vi.useFakeTimers({ now: Date.now() });
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <HydrationBoundary state={state}><Status id={task.id} log={log} /></HydrationBoundary>, { queryClient: freshQueryClient() });
    expect(log[0]?.status).toBe('pending');
    await flush();
    expect(source.stats.calls.fetchTasks).toBe(2); // the client confirms the row at once
  });

  it('prefetches null for a missing row and refuses a malformed id', async () => {
    const source = createMemorySource();
    const client = new QueryClient();
    await client.prefetchQuery(taskQueryOptions('00000000-0000-4000-8000-00000000beef', source));
    expect(client.getQueryData(taskKeys.task('00000000-0000-4000-8000-00000000beef'))).toBeNull();
    await expect(client.fetchQuery(taskQueryOptions('nope', source))).rejects.toMatchObject({ code: 'invalid_id' });
  });
});
