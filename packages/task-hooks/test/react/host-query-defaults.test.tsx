// @vitest-environment jsdom
import { QueryClient, keepPreviousData } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { useActiveTask } from '../../src/react/use-active-task';
import { useTaskEvents } from '../../src/react/use-task-events';
import { useTaskStatus } from '../../src/react/use-task-status';
import { useTasks } from '../../src/react/use-tasks';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, flush, Probe, renderWithSource, withFakeClock } from './harness';

/** What one page shows for a task and a type: whose row, whose trail and whose active task. */
function Page({ id, type, log }: { id: string; type: string; log: string[] }) {
  const { task } = useTaskStatus(id, { liveElapsed: false });
  const { events } = useTaskEvents(id);
  const active = useActiveTask(type);
  const owners = new Set(events?.map((e) => e.task_id));
  log.push(`row ${task?.id ?? '-'}, trail ${[...owners].join() || '-'}, active ${active.task?.type ?? '-'}`);
  return null;
}

// The app's QueryClient is shared with the hooks, and its `defaultOptions.queries` apply to every
// query the hooks make unless the hooks set the option themselves.
withFakeClock();

describe('a host QueryClient with its own query defaults', () => {
  it('structuralSharing: false: a poll that returns an identical row still renders nothing', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    const queryClient = new QueryClient({ defaultOptions: { queries: { structuralSharing: false } } });
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />, { queryClient });
    await advance(1_000);
    const settled = log.length;
    source.resetStats();
    await advance(10_000);
    expect(source.stats.fetchBatches).toHaveLength(5); // it polled…
    expect(log).toHaveLength(settled); // …and nothing changed, so nothing rendered
  });

  it('placeholderData: keepPreviousData: a hook turned to another task or type never shows the old row, trail or active task', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 300 });
    const first = source.store.submit('export', {}).task;
    const second = source.store.submit('import', {}).task;
    const log: string[] = [];
    const queryClient = new QueryClient({ defaultOptions: { queries: { placeholderData: keepPreviousData } } });
    const { rerenderWith } = renderWithSource(source, <Page id={first.id} type="export" log={log} />, { queryClient });
    await advance(1_000);
    expect(log.at(-1)).toBe(`row ${first.id}, trail ${first.id}, active export`);

    const before = log.length;
    rerenderWith(<Page id={second.id} type="import" log={log} />);
    await flush();
    await advance(1_000); // every read of the new ones answered
    expect(log.at(-1)).toBe(`row ${second.id}, trail ${second.id}, active import`);
    // Loading meanwhile, never the previous task's state under the new id.
    for (const seen of log.slice(before)) expect(seen).not.toMatch(new RegExp(`${first.id}|export`));
  });

  it('refetchInterval: 5000: finished tasks are not read again, and live ones only by the shared scheduler', async () => {
    const source = createMemorySource(); // realtime: only the 30 s safety poll reads a live task
    const ids = [1, 2, 3].map(() => source.store.submit('export', {}).task.id);
    for (const id of ids.slice(1)) {
      const { attempt } = source.worker.claim(id)!;
      source.worker.complete(id, attempt, {});
    }
    function History() {
      useTasks(ids, { liveElapsed: false });
      return null;
    }
    const queryClient = new QueryClient({ defaultOptions: { queries: { refetchInterval: 5_000 } } });
    renderWithSource(source, <History />, { queryClient });
    await advance(1_000);
    source.resetStats();
    await advance(60_000);
    // The pending one at each safety poll, in one request; never the two completed ones.
    expect(source.stats.fetchBatches).toEqual([[ids[0]], [ids[0]]]);
  });

  it("refetchInterval: 5000: a finished task's trail is not read again on the app's timer", async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    source.worker.complete(task.id, attempt, {});
    function Timeline() {
      useTaskEvents(task.id);
      return null;
    }
    const queryClient = new QueryClient({ defaultOptions: { queries: { refetchInterval: 5_000 } } });
    renderWithSource(source, <Timeline />, { queryClient });
    await advance(1_000);
    source.resetStats();
    await advance(60_000);
    // Nothing changed, so nothing to read: the trail is read again only when its row changes.
    expect(source.stats.calls.fetchEvents ?? 0).toBe(0);
  });

  it.each([
    ['staleTime: Infinity', { staleTime: Infinity }],
    ['refetchOnMount: false', { refetchOnMount: false }],
    ["staleTime: 'static'", { staleTime: 'static' }],
  ] as const)('%s: a trail and an active task mounted again are read again', async (_, defaults) => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    let trail: string[] = [];
    let active: string | null | undefined;
    function Detail() {
      trail = useTaskEvents(task.id).events?.map((e) => e.kind) ?? [];
      active = useActiveTask('import').task?.id ?? null;
      return null;
    }
    function Row() {
      useTaskStatus(task.id, { liveElapsed: false }); // a list elsewhere on the page keeps the row current
      return null;
    }
    const queryClient = new QueryClient({ defaultOptions: { queries: defaults } });
    const { rerenderWith } = renderWithSource(source, <><Row /><Detail /></>, { queryClient });
    await advance(1_000);
    expect([trail, active]).toEqual([['submitted'], null]);

    // The user leaves the detail page; the task finishes meanwhile, and another tab starts an import.
    rerenderWith(<Row />);
    const { attempt } = source.worker.claim(task.id)!;
    source.worker.complete(task.id, attempt, {});
    const started = source.store.submit('import', {}).task;
    await advance(3_000);
    rerenderWith(<><Row /><Detail /></>); // and comes back
    await advance(1_000);
    expect([trail, active]).toEqual([['submitted', 'claimed', 'completed'], started.id]);
  });

  it("staleTime: 'static': a trail mounted while the task runs follows it to completed", async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    let trail: string[] = [];
    function Detail() {
      useTaskStatus(task.id, { liveElapsed: false });
      trail = useTaskEvents(task.id).events?.map((e) => e.kind) ?? [];
      return null;
    }
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 'static' } } });
    renderWithSource(source, <Detail />, { queryClient });
    await advance(1_000);
    expect(trail).toEqual(['submitted']);
    const { attempt } = source.worker.claim(task.id)!;
    source.worker.complete(task.id, attempt, {});
    await advance(3_000); // the row's poll sees the change, which asks for the trail again
    expect(trail).toEqual(['submitted', 'claimed', 'completed']);
  });

  it("staleTime: 'static': a retry shows its new task as the type's active task at once", async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    source.worker.fail(task.id, source.worker.claim(task.id)!.attempt, 'worker_error', 'boom');
    const log: TaskStatusResult[] = [];
    let active: string | null | undefined;
    function Panel() {
      active = useActiveTask('export').task?.id ?? null;
      return null;
    }
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 'static' } } });
    renderWithSource(source, <><Probe id={task.id} log={log} options={{ liveElapsed: false }} /><Panel /></>, { queryClient });
    await advance(1_000);
    expect(active).toBeNull();
    let retried: string | undefined;
    await act(async () => {
      retried = (await log.at(-1)!.retry())?.task.id;
    });
    await advance(1_000); // well before the 30 s safety poll
    expect(retried).toBeTruthy();
    expect(active).toBe(retried);
  });

  it('retryOnMount: false: a trail and an active task whose reads failed are read again when the page is opened again', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    let seen: string[] = [];
    function Detail() {
      const events = useTaskEvents(task.id);
      const active = useActiveTask('export');
      seen = [`trail ${events.error?.code ?? events.events?.length}`, `active ${active.error?.code ?? active.task?.id}`];
      return null;
    }
    const queryClient = new QueryClient({ defaultOptions: { queries: { retryOnMount: false } } });
    source.failNext(2, 'server'); // both first reads
    const { rerenderWith } = renderWithSource(source, <Detail />, { queryClient });
    await advance(1_000);
    expect(seen).toEqual(['trail server', 'active server']);
    rerenderWith(null); // the user leaves; the outage ends
    await advance(1_000);
    rerenderWith(<Detail />); // and opens the page again
    await advance(1_000);
    expect(seen).toEqual(['trail 1', `active ${task.id}`]);
  });

  it("structuralSharing: false: the active task's safety poll that changes nothing renders nothing", async () => {
    const source = createMemorySource(); // realtime: the slot is read at each 30 s safety poll
    source.store.submit('export', {});
    let renders = 0;
    function Panel() {
      useActiveTask('export');
      renders += 1;
      return null;
    }
    const queryClient = new QueryClient({ defaultOptions: { queries: { structuralSharing: false } } });
    renderWithSource(source, <Panel />, { queryClient });
    await advance(1_000);
    const settled = renders;
    source.resetStats();
    await advance(90_000);
    expect(source.stats.calls.fetchActiveTask).toBe(3); // it polled…
    expect(renders).toBe(settled); // …and nothing changed, so nothing rendered
  });

  it('structuralSharing: false: a trail read again unchanged renders nothing', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    let renders = 0;
    let refetch: (() => Promise<void>) | undefined;
    function Timeline() {
      refetch = useTaskEvents(task.id).refetch;
      renders += 1;
      return null;
    }
    const queryClient = new QueryClient({ defaultOptions: { queries: { structuralSharing: false } } });
    renderWithSource(source, <Timeline />, { queryClient });
    await advance(1_000);
    const settled = renders;
    source.resetStats();
    await act(async () => {
      await refetch!(); // e.g. a "Try again", or a row change the trail did not record
    });
    expect(source.stats.calls.fetchEvents).toBe(1);
    expect(renders).toBe(settled);
  });
});
