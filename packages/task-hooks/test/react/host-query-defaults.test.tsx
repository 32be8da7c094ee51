// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, Probe, renderWithSource, withFakeClock } from './harness';

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
});
