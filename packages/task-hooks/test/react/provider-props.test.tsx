// @vitest-environment jsdom
// TaskProvider whose props change while it is mounted.
import { QueryClient } from '@tanstack/react-query';
import { act, render } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { useActiveTask, type UseActiveTaskResult } from '../../src/react/use-active-task';
import { useSubmitTask, type UseSubmitTaskResult } from '../../src/react/use-submit-task';
import { useTaskEvents, type UseTaskEventsResult } from '../../src/react/use-task-events';
import { TaskError } from '../../src/core/errors';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, freshQueryClient, withFakeClock } from './harness';

withFakeClock();

describe('TaskProvider props changed at runtime', () => {
  it('keeps rendering when its queryClient prop is dropped (it falls back to a client of its own)', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const log: TaskStatusResult[] = [];
    const view = render(
      <TaskProvider source={source} queryClient={freshQueryClient()}>
        <Probe id={task.id} log={log} options={{ liveElapsed: false }} />
      </TaskProvider>,
    );
    await advance(100);
    expect(log.at(-1)?.status).toBe('pending');
    // e.g. `queryClient={testing ? testClient : undefined}`, or a client kept in state and cleared.
    view.rerender(
      <TaskProvider source={source}>
        <Probe id={task.id} log={log} options={{ liveElapsed: false }} />
      </TaskProvider>,
    );
    await advance(100);
    expect(log.at(-1)?.status).toBe('pending');
  });
});

describe('two TaskProviders on one QueryClient (e.g. both under the app\'s QueryClientProvider)', () => {
  it('do not read a task both watch in a loop (each took the rows the other read for hydrated ones)', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 50 });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const queryClient = freshQueryClient();
    const header: TaskStatusResult[] = [];
    const page: TaskStatusResult[] = [];
    render(
      <>
        <TaskProvider source={source} queryClient={queryClient}>
          <Probe id={task.id} log={header} options={{ liveElapsed: false }} />
        </TaskProvider>
        <TaskProvider source={source} queryClient={queryClient}>
          <Probe id={task.id} log={page} options={{ liveElapsed: false }} />
        </TaskProvider>
      </>,
    );
    await advance(1_000);
    source.resetStats();
    await advance(10_000);
    // One provider polls it 5 times in 10 s (every 2 s); two on one cache at most a few times that.
    expect(source.stats.calls.fetchTasks).toBeLessThanOrEqual(20);
    expect(header.at(-1)?.status).toBe('processing');
    expect(page.at(-1)?.status).toBe('processing');
  });
});

/** An app's error boundary: what a read error thrown in render would replace the page with. */
class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error ? <p>something went wrong</p> : this.props.children;
  }
}

describe('an app QueryClient whose queries throw their errors to a boundary by default', () => {
  it('does not take the page down when a read fails: the hooks report it in `error`', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    // A common setting in apps that show failed queries with error boundaries.
    const queryClient = new QueryClient({ defaultOptions: { queries: { throwOnError: true, retry: false } } });
    const statuses: TaskStatusResult[] = [];
    const actives: UseActiveTaskResult[] = [];
    const trails: UseTaskEventsResult[] = [];
    function Card() {
      actives.push(useActiveTask('export'));
      trails.push(useTaskEvents(task.id));
      return <Probe id={task.id} log={statuses} options={{ liveElapsed: false }} />;
    }
    source.setOffline(true); // every read fails as `network`
    const view = render(
      <Boundary>
        <TaskProvider source={source} queryClient={queryClient}>
          <Card />
        </TaskProvider>
      </Boundary>,
    );
    await advance(1_000);
    expect(view.container.textContent).not.toContain('something went wrong');
    expect(statuses.at(-1)?.error?.code).toBe('network');
    expect(actives.at(-1)?.error?.code).toBe('network');
    expect(trails.at(-1)?.error?.code).toBe('network');
  });

  it('does not take the page down when a submit, cancel or retry fails either (mutations that throw by default)', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const failed = source.store.submit('export', {}).task;
    source.worker.fail(failed.id, source.worker.claim(failed.id)!.attempt, 'boom', 'boom');
    const queryClient = new QueryClient({ defaultOptions: { mutations: { throwOnError: true } } });
    const statuses: TaskStatusResult[] = [];
    const retries: TaskStatusResult[] = [];
    const submits: UseSubmitTaskResult[] = [];
    function Card() {
      submits.push(useSubmitTask('export'));
      return (
        <>
          <Probe id={task.id} log={statuses} options={{ liveElapsed: false }} />
          <Probe id={failed.id} log={retries} options={{ liveElapsed: false }} />
        </>
      );
    }
    const view = render(
      <Boundary>
        <TaskProvider source={source} queryClient={queryClient}>
          <Card />
        </TaskProvider>
      </Boundary>,
    );
    await advance(1_000);
    source.setOffline(true);
    await act(async () => {
      await submits.at(-1)!.submit({});
      await statuses.at(-1)!.cancel();
      await retries.at(-1)!.retry();
    });
    await advance(100);
    expect(view.container.textContent).not.toContain('something went wrong');
    expect(submits.at(-1)?.error?.code).toBe('network');
    expect(statuses.at(-1)?.error?.code).toBe('network');
    expect(retries.at(-1)?.error?.code).toBe('network');
  });
});

describe('an app QueryClient that retries failed mutations by default', () => {
  it('does not send a submit again (it is not idempotent: the first may have started the task)', async () => {
    const source = createMemorySource({ realtime: false });
    const submit = source.submit.bind(source);
    // The first request reaches the database (the task is created) but its answer is lost.
    let calls = 0;
    source.submit = async (type, payload) => {
      const result = await submit(type, payload);
      if (++calls === 1) throw new TaskError('network', 'network: connection reset');
      return result;
    };
    const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: 2, retryDelay: 10 } } });
    const submits: UseSubmitTaskResult[] = [];
    function Panel() {
      submits.push(useSubmitTask('export'));
      return null;
    }
    render(
      <TaskProvider source={source} queryClient={queryClient}>
        <Panel />
      </TaskProvider>,
    );
    await advance(100);
    await act(async () => {
      void submits.at(-1)!.submit({});
    });
    await advance(1_000);
    expect(calls).toBe(1);
    expect(source.store.rows.size).toBe(1);
    expect(submits.at(-1)?.error?.code).toBe('network');
  });

  it.each(['cancel', 'retry'] as const)('shows a failed %s at once, sent once, not after the app\'s retries', async (action) => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    if (action === 'retry') source.worker.fail(task.id, source.worker.claim(task.id)!.attempt, 'worker_error', 'boom');
    let calls = 0;
    source[action] = async () => {
      calls += 1;
      throw new TaskError('server', 'server: the database is restarting');
    };
    const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: 3, retryDelay: 1_000 } } });
    const log: TaskStatusResult[] = [];
    render(
      <TaskProvider source={source} queryClient={queryClient}>
        <Probe id={task.id} log={log} options={{ liveElapsed: false }} />
      </TaskProvider>,
    );
    await advance(100);
    await act(async () => {
      void log.at(-1)![action]();
    });
    await advance(100);
    expect({ calls, error: log.at(-1)?.error?.code }).toEqual({ calls: 1, error: 'server' });
    await advance(5_000);
    expect(calls).toBe(1);
  });
});
