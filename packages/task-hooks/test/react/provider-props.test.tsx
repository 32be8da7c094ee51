// @vitest-environment jsdom
// TaskProvider whose props change while it is mounted.
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
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
