// @vitest-environment jsdom
import { HydrationBoundary, QueryClient, dehydrate, hydrate, useQuery } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import { taskKeys, taskQueryOptions } from '../../src/query';
import type { TaskRow } from '../../src/core/types';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { Probe, advance, flush, freshQueryClient, renderWithSource } from './harness';

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
    // Next.js searchParams values are string | string[] | undefined: a missing or repeated
    // ?id= is an invalid id too, not a TypeError that fails the whole server render.
    for (const id of [undefined, ['a', 'b']] as unknown as string[]) {
      await expect(client.fetchQuery(taskQueryOptions(id, source))).rejects.toMatchObject({ code: 'invalid_id' });
    }
  });

  it('prefetches an upper-case id under the key the hooks read (the lower-case one)', async () => {
    const source = createMemorySource();
    let task = (await source.submit('export', {})).task;
    while (!/[a-f]/.test(task.id)) task = (await source.submit('export', {})).task; // an id with letters
    const client = new QueryClient();
    await client.prefetchQuery(taskQueryOptions(task.id.toUpperCase(), source));
    expect(client.getQueryData(taskKeys.task(task.id))).toMatchObject({ id: task.id, status: 'pending' });
  });

  it('keeps polling a watched task after a hydration stamped by a server clock an hour ahead', async () => {
    vi.useFakeTimers({ now: Date.now() });
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    const log: TaskStatusResult[] = [];
    const { queryClient } = renderWithSource(source, <Status id={task.id} log={log} />);
    await flush();
    // A navigation's server component prefetched the row; its dehydrated state carries the server's
    // Date.now(), an hour ahead of this browser's.
    const server = new QueryClient();
    await server.prefetchQuery(taskQueryOptions(task.id, source));
    const state = dehydrate(server);
    state.queries[0]!.state.dataUpdatedAt = Date.now() + 3_600_000;
    await act(async () => hydrate(queryClient, state));
    source.worker.claim(task.id);
    await advance(2_500);
    expect(log.at(-1)?.status).toBe('processing');
  });

  // Prefetched and awaited (the row in the state), or streamed (the pending query's promise, as
  // TanStack's Next.js streaming setup dehydrates it), resolved before or after it is hydrated.
  it.each(['awaited', 'streamed, resolved', 'streamed, still out'] as const)(
    'does not let a hydrated row older than the cached one stand (a server clock ahead stamps it newer): %s',
    async (mode) => {
      vi.useFakeTimers({ now: Date.now() });
      const source = createMemorySource();
      const { task } = await source.submit('export', {});
      // A page prefetched while the task was pending (a <Link> prefetch, the router cache) ...
      let answer!: () => void;
      const server = new QueryClient();
      // Its server reads the row at once (before the worker's writes below), and may answer later.
      const serverSource = Object.assign(Object.create(source) as MemorySource, {
        fetchTasks: (ids: string[]) => {
          const rows = ids.map((id) => JSON.parse(JSON.stringify(source.getTask(id))) as TaskRow);
          return mode === 'streamed, still out' ? new Promise<TaskRow[]>((resolve) => (answer = () => resolve(rows))) : Promise.resolve(rows);
        },
      });
      const prefetched = server.prefetchQuery(taskQueryOptions(task.id, serverSource));
      if (mode === 'awaited') await prefetched;
      const state = dehydrate(server, { shouldDehydrateQuery: () => true });
      // ... by a server an hour ahead (a streamed query carries only when it was dehydrated)
      const query = state.queries[0]!;
      if (mode === 'awaited') query.state.dataUpdatedAt = Date.now() + 3_600_000;
      else query.dehydratedAt = Date.now() + 3_600_000;
      const log: TaskStatusResult[] = [];
      const { queryClient } = renderWithSource(source, <Status id={task.id} log={log} />);
      const { attempt } = source.worker.claim(task.id)!;
      source.worker.complete(task.id, attempt, {});
      await advance(100);
      expect(log.at(-1)?.status).toBe('completed');
      // ... hydrated under a hook that stays mounted (a layout's badge): its row is read again at
      // once, rather than the pending row standing until the 30 s safety poll.
      await act(async () => hydrate(queryClient, state));
      if (mode === 'streamed, still out') answer();
      await advance(100);
      expect(log.at(-1)?.status).toBe('completed');
    },
  );
  it('confirms a hydrated row at once while a poll that included its id still waits on another task', async () => {
    vi.useFakeTimers({ now: Date.now() });
    const source = createMemorySource(); // realtime: polls are the 30 s safety poll
    const a = (await source.submit('export', {})).task;
    const b = (await source.submit('report', {})).task;
    const server = new QueryClient();
    await server.prefetchQuery(taskQueryOptions(a.id, source)); // A while pending ...
    const state = dehydrate(server);
    state.queries[0]!.state.dataUpdatedAt = Date.now() + 3_600_000; // ... stamped by a server an hour ahead
    source.worker.claim(a.id);
    // B's first read is slow (a cold query): the 30 s poll of [A, B] joins it and waits on it.
    const read = source.fetchTasks.bind(source);
    let slow = true;
    source.fetchTasks = (ids, signal) => {
      if (!(slow && ids.includes(b.id))) return read(ids, signal);
      slow = false;
      return new Promise((resolve) => setTimeout(() => resolve(read(ids, signal)), 19_000));
    };
    const logA: TaskStatusResult[] = [];
    function Page({ withB }: { withB: boolean }) {
      logA.push(useTaskStatus(a.id, { liveElapsed: false }));
      useTaskStatus(withB ? b.id : null, { liveElapsed: false });
      return null;
    }
    const { queryClient, rerenderWith } = renderWithSource(source, <Page withB={false} />);
    await advance(14_000);
    expect(logA.at(-1)?.status).toBe('processing');
    rerenderWith(<Page withB />);
    await advance(16_500); // past the 30 s poll; B's read is still out until 33 s
    await act(async () => hydrate(queryClient, state));
    await advance(500);
    expect(logA.at(-1)?.status).toBe('processing'); // read again at once, not pending until 60 s
  });

  it('does not read a task in a loop when the app also reads it through taskQueryOptions (rows it fetches are not hydrated ones)', async () => {
    vi.useFakeTimers({ now: Date.now() });
    const source = createMemorySource({ latencyMs: 50 });
    const { task } = source.store.submit('export', {});
    const { queryClient } = renderWithSource(source, <Status id={task.id} />);
    await advance(2_000);
    source.resetStats();
    // e.g. a route's loader, or a useQuery of it: a fetch through its own queryFn, not the hooks'.
    void queryClient.fetchQuery(taskQueryOptions(task.id, source));
    await advance(1_000);
    expect(source.stats.calls.fetchTasks).toBeLessThanOrEqual(2);
  });

  it.each([
    ['watches it with useQuery(taskQueryOptions) too', false, 6], // a poll every 2 s
    // e.g. after a mutation of the app's own: that refetch goes through the app's queryFn.
    ['watches it with useQuery(taskQueryOptions) too and invalidates it', true, 7], // and the invalidation
  ] as const)('does not read a task in a loop when a component of the app %s', async (_, invalidate, most) => {
    vi.useFakeTimers({ now: Date.now() });
    const source = createMemorySource({ realtime: false, latencyMs: 50 });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    // Its observer renders after the hook's, so the query fetches with its queryFn, not the hook's
    // batched read: each poll of the hook brought a row that was not the hook's own read.
    function AppQuery() {
      useQuery(taskQueryOptions(task.id, source));
      return null;
    }
    const log: TaskStatusResult[] = [];
    // liveElapsed off: a tick re-renders the hook, whose observer then sets its own queryFn again.
    const { queryClient } = renderWithSource(source, <><Probe id={task.id} log={log} options={{ liveElapsed: false }} /><AppQuery /></>);
    await advance(1_000);
    source.resetStats();
    if (invalidate) await act(async () => void queryClient.invalidateQueries({ queryKey: taskKeys.task(task.id) }));
    await advance(10_000);
    expect(source.stats.calls.fetchTasks).toBeLessThanOrEqual(most);
    expect(log.at(-1)?.status).toBe('processing');
  });
});
