// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { taskKeys } from '../../src/core/keys';
import { TaskError } from '../../src/core/errors';
import { useActiveTask, type UseActiveTaskResult } from '../../src/react/use-active-task';
import { useTaskEvents, type UseTaskEventsResult } from '../../src/react/use-task-events';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import type { TaskStatusResult } from '../../src/react/types';
import { useTasks, type UseTasksResult } from '../../src/react/use-tasks';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

/** A request that never answers (a half-open connection) until its signal aborts it, as fetch does. */
function hang(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new TaskError('network', 'network: aborted')), { once: true }));
}

/** The memory source whose first call of `method` never answers. */
function firstCallHangs(source: MemorySource, method: 'fetchActiveTask' | 'fetchEvents'): MemorySource {
  const real = source[method].bind(source) as (arg: string, signal?: AbortSignal) => Promise<unknown>;
  let calls = 0;
  return Object.assign(Object.create(source) as MemorySource, {
    [method]: (arg: string, signal?: AbortSignal) => (++calls === 1 ? hang(signal) : real(arg, signal)),
  });
}

describe('a side read that never answers', () => {
  it('useActiveTask gives it up and reads again, instead of loading for good', async () => {
    const memory = createMemorySource({ realtime: false });
    const { task } = memory.store.submit('export', {});
    const source = firstCallHangs(memory, 'fetchActiveTask');
    let last!: UseActiveTaskResult;
    function Resume() {
      last = useActiveTask('export');
      return null;
    }
    renderWithSource(source, <Resume />);
    await advance(60_000); // the 20 s read timeout, then the next 30 s poll
    expect(last).toMatchObject({ isLoading: false, task: { id: task.id } });
  });

  it('useTaskEvents gives it up and says so (a Try again can then read again), instead of loading for good', async () => {
    const memory = createMemorySource({ realtime: false });
    const { task } = memory.store.submit('export', {});
    const source = firstCallHangs(memory, 'fetchEvents');
    let last!: UseTaskEventsResult;
    function Trail() {
      last = useTaskEvents(task.id);
      return null;
    }
    renderWithSource(source, <Trail />);
    await advance(25_000);
    expect(last).toMatchObject({ isLoading: false, error: { code: 'network' } });
  });
});

describe('a side read that keeps failing', () => {
  it('useActiveTask keeps its error shown while it reads again (its 30 s poll, a Try again), instead of flipping to loading', async () => {
    const source = createMemorySource({ realtime: false });
    // A server answering 500 after 300 ms, for good.
    source.fetchActiveTask = () => new Promise((_, reject) => setTimeout(() => reject(new TaskError('server', 'server: 500')), 300));
    const log: UseActiveTaskResult[] = [];
    function Resume() {
      log.push(useActiveTask('export'));
      return null;
    }
    renderWithSource(source, <Resume />);
    await advance(1_000);
    expect(log.at(-1)).toMatchObject({ isLoading: false, error: { code: 'server' } });
    const failedAt = log.length - 1;
    await advance(61_000); // two polls, each failing again
    expect(log.slice(failedAt).every((r) => !r.isLoading && r.error?.code === 'server')).toBe(true);
  });
});

describe('a task row whose reads keep failing before one ever answered', () => {
  /** A server answering 500 after 300 ms, for good (a task page opened during an outage). */
  function failingRows() {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    source.fetchTasks = () => new Promise((_, reject) => setTimeout(() => reject(new TaskError('server', 'server: 500')), 300));
    return { source, task };
  }

  it('keeps the error of useTasks shown through each backoff retry, instead of flipping to loading', async () => {
    const { source, task } = failingRows();
    const lists: UseTasksResult[] = [];
    function List() {
      lists.push(useTasks([task.id], { liveElapsed: false }));
      return null;
    }
    renderWithSource(source, <List />);
    await advance(1_000);
    expect(lists.at(-1)).toMatchObject({ isLoading: false, tasks: [{ error: { code: 'server' } }] });
    const from = lists.length - 1;
    await advance(60_000); // several retries, backing off, each failing again
    expect(lists.slice(from).every((r) => !r.isLoading && r.tasks[0]?.error?.code === 'server')).toBe(true);
  });

  it('keeps the error of useTaskStatus shown through each backoff retry', async () => {
    const { source, task } = failingRows();
    const statuses: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={statuses} options={{ liveElapsed: false }} />);
    await advance(1_000);
    expect(statuses.at(-1)?.error?.code).toBe('server');
    const from = statuses.length - 1;
    await advance(60_000);
    expect(statuses.slice(from).every((r) => r.error?.code === 'server')).toBe(true);
  });

  it('drops the held error of useTaskStatus once a row reaches the cache while a retry is out', async () => {
    const { source, task } = failingRows();
    const statuses: TaskStatusResult[] = [];
    const { queryClient } = renderWithSource(source, <Probe id={task.id} log={statuses} options={{ liveElapsed: false }} />);
    await advance(1_000);
    expect(statuses.at(-1)?.error?.code).toBe('server');
    // A row from elsewhere (a hydrated server render, the app's own query) while a read is out.
    source.fetchTasks = () => new Promise(() => {});
    await advance(31_000); // the next backoff read has gone out and hangs
    act(() => void queryClient.setQueryData(taskKeys.task(task.id), { ...task, updated_at: new Date().toISOString() }));
    await advance(10);
    expect({ status: statuses.at(-1)?.status, error: statuses.at(-1)?.error }).toEqual({ status: 'pending', error: null });
  });

  it("keeps a task's error in useTasks when another id joins the list", async () => {
    const { source, task } = failingRows();
    const other = source.store.submit('report', {}).task;
    const lists: UseTasksResult[] = [];
    function List({ ids }: { ids: string[] }) {
      lists.push(useTasks(ids, { liveElapsed: false }));
      return null;
    }
    const { rerenderWith } = renderWithSource(source, <List ids={[task.id]} />);
    await advance(1_000);
    expect(lists.at(-1)?.tasks[0]?.error?.code).toBe('server');
    const from = lists.length;
    rerenderWith(<List ids={[task.id, other.id]} />);
    await advance(100);
    expect(lists.slice(from).map((r) => r.tasks[0]?.error?.code ?? 'none')).not.toContain('none');
  });
});
