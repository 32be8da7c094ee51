// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

// TanStack decides what a mounting query shows from retryOnMount too: with an app default of
// retryOnMount: false, a row whose last read failed showed that old error again at mount, for as
// long as the fresh read took, instead of loading (the row query now sets it, in overAppDefaults).
describe('an app default of retryOnMount and the row', () => {
  it.each([true, false])('retryOnMount %s: a page opened again after an outage shows loading, not the old error', async (retryOnMount) => {
    const source = createMemorySource({ realtime: false, latencyMs: 1_500 });
    const { task } = source.store.submit('export', {});
    const seen: string[] = [];
    function Detail() {
      const s = useTaskStatus(task.id, { liveElapsed: false });
      seen.push(s.error?.code ?? s.task?.status ?? 'loading');
      return null;
    }
    const queryClient = new QueryClient({ defaultOptions: { queries: { retryOnMount } } });
    source.setOffline(true);
    const { rerenderWith } = renderWithSource(source, <Detail />, { queryClient });
    await advance(5_000);
    expect(seen.at(-1)).toMatch(/network/);
    rerenderWith(null); // the user leaves
    await advance(60_000);
    source.setOffline(false); // the outage ends
    seen.length = 0;
    rerenderWith(<Detail />); // and opens the page again
    await advance(1_000); // the read is under way (1.5 s latency)
    expect(seen.join()).not.toMatch(/network/);
    await advance(2_000);
    expect(seen.at(-1)).toMatch(/pending/);
  });
});
