// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { focusManager, onlineManager } from '@tanstack/react-query';
import type { TaskStatusResult } from '../../src/react/types';
import { useTasks } from '../../src/react/use-tasks';
import { useActiveTask } from '../../src/react/use-active-task';
import { useSubmitTask } from '../../src/react/use-submit-task';
import { useTaskEvents } from '../../src/react/use-task-events';
import { act } from '@testing-library/react';
import { createMemorySource } from '../../src/testing/memory-source';
import { createSimulatedWorker } from '../../src/testing/simulated-worker';
import { Probe, advance, flush, renderWithSource, withFakeClock } from './harness';


const DAY = 86_400_000;

withFakeClock();

describe('lifecycle', () => {
  it('survives StrictMode double mount: one channel, onComplete once, and a clean unmount', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const worker = createSimulatedWorker(source, { taskId: task.id, scenario: 'succeed', startDelayMs: 500, durationMs: 3_000 });
    const log: TaskStatusResult[] = [];
    const onComplete = vi.fn();
    const { unmount } = renderWithSource(source, <Probe id={task.id} log={log} options={{ onComplete }} />, { strict: true });
    await flush();
    expect(source.subscriberCount).toBe(1);
    await advance(5_000);
    expect(log.at(-1)?.status).toBe('completed');
    expect(onComplete).toHaveBeenCalledTimes(1);
    worker.stop();
    unmount();
    await flush();
    expect(source.subscriberCount).toBe(0);
    expect(focusManager.hasListeners() || onlineManager.hasListeners()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer, subscription or listener after unmounting a hundred watchers mid-flight', async () => {
    const source = createMemorySource({ latencyMs: 300 });
    const ids: string[] = [];
    for (let i = 0; i < 100; i += 1) ids.push((await source.store.submit('export', {})).task.id);
    function List() {
      useTasks(ids, { liveElapsed: false });
      return null;
    }
    const { unmount } = renderWithSource(source, <><List /><Probe id={ids[0]!} log={[]} /></>);
    await advance(20_000);
    // step to the moment the 30 s safety poll is in flight (300 ms latency)
    for (let i = 0; i < 200 && source.pendingCalls === 0; i += 1) await advance(100);
    expect(source.pendingCalls).toBe(1);
    expect(source.subscriberCount).toBe(1);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    unmount();
    await advance(1_000); // let in-flight simulated requests land
    expect(source.subscriberCount).toBe(0);
    expect(source.pendingCalls).toBe(0);
    expect(focusManager.hasListeners() || onlineManager.hasListeners()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('connects when enabled turns from false to true', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const log: TaskStatusResult[] = [];
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} options={{ enabled: false }} />);
    await advance(10_000);
    expect(source.stats.calls.fetchTasks ?? 0).toBe(0);
    expect(source.subscriberCount).toBe(0);
    expect(log.at(-1)?.status).toBe('loading');
    rerenderWith(<Probe id={task.id} log={log} options={{ enabled: true }} />);
    await flush();
    expect(source.stats.calls.fetchTasks).toBe(1);
    expect(source.subscriberCount).toBe(1);
    expect(log.at(-1)).toMatchObject({ status: 'pending', connection: 'realtime' });
  });

  it('retargets to a new id and stops polling the old one', async () => {
    const source = createMemorySource({ realtime: false });
    const first = (await source.submit('export', {})).task;
    const second = (await source.submit('export', {})).task;
    source.worker.claim(second.id);
    const log: TaskStatusResult[] = [];
    const { rerenderWith } = renderWithSource(source, <Probe id={first.id} log={log} options={{ liveElapsed: false }} />);
    await flush();
    expect(log.at(-1)?.task?.id).toBe(first.id);
    rerenderWith(<Probe id={second.id} log={log} options={{ liveElapsed: false }} />);
    await flush();
    expect(log.at(-1)).toMatchObject({ status: 'processing', task: { id: second.id } });
    source.resetStats();
    await advance(4_000);
    expect(source.stats.fetchBatches).toEqual([[second.id], [second.id]]);
  });

  it('reads a task at once when the hook switches back to it, though its row is cached', async () => {
    // Polls every 60 s, so only a read on the switch itself can show what changed meanwhile.
    const source = createMemorySource({ realtime: false });
    const first = (await source.submit('export', {})).task;
    const second = (await source.submit('export', {})).task;
    const log: TaskStatusResult[] = [];
    const options = { liveElapsed: false, pollInterval: 60_000 };
    const { rerenderWith, queryClient } = renderWithSource(source, <Probe id={first.id} log={log} options={options} />);
    await flush();
    rerenderWith(<Probe id={second.id} log={log} options={options} />);
    await advance(1_000);
    source.worker.claim(first.id); // while nobody watches it
    source.resetStats();
    // Each fetch the cache starts (a read joining another still starts one): the switch costs one
    // or two, not a chain of them each setting off the next.
    let fetches = 0;
    const stop = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'fetch') fetches += 1;
    });
    rerenderWith(<Probe id={first.id} log={log} options={options} />);
    await flush();
    stop();
    expect(fetches).toBeLessThanOrEqual(2);
    expect(source.stats.fetchBatches).toEqual([[first.id]]);
    expect(log.at(-1)).toMatchObject({ status: 'processing', task: { id: first.id } });
  });

  it('reads a cached task at once when enabled turns back on', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    const log: TaskStatusResult[] = [];
    const options = { liveElapsed: false, pollInterval: 60_000 };
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} options={options} />);
    await flush();
    rerenderWith(<Probe id={task.id} log={log} options={{ ...options, enabled: false }} />);
    await advance(1_000);
    source.worker.claim(task.id);
    source.resetStats();
    rerenderWith(<Probe id={task.id} log={log} options={options} />);
    await flush();
    expect(source.stats.fetchBatches).toEqual([[task.id]]);
    expect(log.at(-1)?.status).toBe('processing');
  });

  it('holds no timer while disabled, though the row it shows is cached and active', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} />);
    await advance(2_000);
    expect(log.at(-1)).toMatchObject({ status: 'processing' });
    rerenderWith(<Probe id={task.id} log={log} options={{ enabled: false }} />);
    await advance(1_000);
    source.resetStats();
    expect(vi.getTimerCount()).toBe(0);
    const renders = log.length;
    await advance(5_000);
    expect(log.length).toBe(renders); // no elapsed tick either
    expect(source.stats.calls.fetchTasks ?? 0).toBe(0);
  });

  it('useTasks holds no timer while disabled, though the rows it shows are cached and active', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    const seen: string[] = [];
    function List({ enabled }: { enabled: boolean }) {
      seen.push(useTasks([task.id], { enabled }).tasks[0]!.status);
      return null;
    }
    const { rerenderWith } = renderWithSource(source, <List enabled />);
    await advance(2_000);
    expect(seen.at(-1)).toBe('processing');
    rerenderWith(<List enabled={false} />);
    await advance(1_000);
    expect(vi.getTimerCount()).toBe(0);
    const renders = seen.length;
    await advance(5_000);
    expect(seen.length).toBe(renders);
  });

  it('useTasks sends no request for a malformed id that contains a valid one', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const seen: Array<ReturnType<typeof useTasks>> = [];
    function List() {
      seen.push(useTasks([`oops,${task.id}`]));
      return null;
    }
    renderWithSource(source, <List />);
    await advance(5_000);
    expect(seen.at(-1)?.tasks[0]).toMatchObject({ status: 'not_found', error: { code: 'invalid_id' } });
    expect(source.stats.calls.fetchTasks ?? 0).toBe(0);
  });

  it('useTasks reports a null or a number among its ids as invalid_id instead of throwing (a column with gaps)', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const seen: Array<ReturnType<typeof useTasks>> = [];
    function List() {
      // What `rows.map((r) => r.task_id)` gives where some rows have no task, or ids are numbers.
      seen.push(useTasks([null, task.id, 42] as unknown as string[]));
      return null;
    }
    renderWithSource(source, <List />);
    await advance(100);
    expect(seen.at(-1)?.tasks.map((t) => [t.status, t.error?.code])).toEqual([
      ['not_found', 'invalid_id'],
      ['pending', undefined],
      ['not_found', 'invalid_id'],
    ]);
  });

  it('useTasks sends no request when the same ids come in another order', async () => {
    const source = createMemorySource({ realtime: false });
    const a = (await source.submit('export', {})).task.id;
    const b = (await source.submit('export', {})).task.id;
    const seen: Array<ReturnType<typeof useTasks>> = [];
    function List({ ids }: { ids: string[] }) {
      seen.push(useTasks(ids, { liveElapsed: false }));
      return null;
    }
    const { rerenderWith } = renderWithSource(source, <List ids={[a, b]} />);
    await flush();
    source.resetStats();
    rerenderWith(<List ids={[b, a]} />); // the list was sorted the other way
    await flush();
    expect(seen.at(-1)?.tasks.map((t) => t.id)).toEqual([b, a]);
    expect(source.stats.calls.fetchTasks ?? 0).toBe(0);
  });

  it('useTasks reads only the id added to its list, not every id again', async () => {
    const source = createMemorySource({ realtime: false });
    const a = (await source.submit('export', {})).task.id;
    const b = (await source.submit('export', {})).task.id;
    function List({ ids }: { ids: string[] }) {
      useTasks(ids, { liveElapsed: false });
      return null;
    }
    const { rerenderWith } = renderWithSource(source, <List ids={[a]} />);
    await flush();
    source.resetStats();
    rerenderWith(<List ids={[a, b]} />);
    await flush();
    expect(source.stats.fetchBatches).toEqual([[b]]);
  });

  it.each([
    ['thresholds', { thresholds: { heartbeatWarnAfterMs: 30 * DAY, heartbeatTimeoutMs: 40 * DAY, maxRuntimeMs: 60 * DAY } }],
    ['a poll interval', { pollInterval: 30 * DAY }],
  ])('sets a timer or two, not one every millisecond, for %s beyond setTimeout’s 24.8 days', async (_, options) => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    renderWithSource(source, <Probe id={task.id} log={[]} options={{ liveElapsed: false, ...options }} />);
    await advance(3_000);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    await advance(1_000);
    expect(setTimeoutSpy.mock.calls.length).toBeLessThan(5);
  });

  it('leaves no timer or listener when unmounted while a cancel and a submit are out', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    const submits: Array<ReturnType<typeof useSubmitTask>> = [];
    function Panel() {
      submits.push(useSubmitTask('export'));
      useActiveTask('export');
      useTaskEvents(task.id);
      return <Probe id={task.id} log={log} />;
    }
    const errors = vi.spyOn(console, 'error');
    const { unmount } = renderWithSource(source, <Panel />, { strict: true });
    await advance(1_000);
    source.setLatency(500);
    let pending!: Promise<unknown>;
    await act(async () => {
      pending = Promise.all([log.at(-1)!.cancel(), submits.at(-1)!.submit({})]);
    });
    unmount();
    await advance(1_000);
    await act(() => pending);
    await advance(5 * 60_000); // TanStack forgets the two finished mutations after their gcTime
    expect(source.subscriberCount).toBe(0);
    expect(focusManager.hasListeners() || onlineManager.hasListeners()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(errors).not.toHaveBeenCalled();
  });

  it('watches nothing for a null id', async () => {
    const source = createMemorySource();
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={null} log={log} />);
    await advance(5_000);
    expect(log.at(-1)).toMatchObject({ status: 'loading', error: null });
    expect(source.stats.calls.fetchTasks ?? 0).toBe(0);
    expect(source.subscriberCount).toBe(0);
  });
});
