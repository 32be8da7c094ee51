// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { useTaskEvents } from '../../src/react/use-task-events';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

// With an app default of retryOnMount: false, at a new mount a trail whose last read failed would
// show that old error (a timeline says and announces "The history could not be loaded.") until the
// new read answers, instead of loading.
describe('an app default of retryOnMount and the trail', () => {
  it('a trail whose read failed shows loading, not the old error, when the page is opened again', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 1_000 });
    const { task } = source.store.submit('export', {});
    const seen: string[] = [];
    function Detail() {
      const events = useTaskEvents(task.id);
      seen.push(`${events.error?.code ?? events.events?.length ?? 'loading'}`);
      return null;
    }
    const queryClient = new QueryClient({ defaultOptions: { queries: { retryOnMount: false } } });
    source.failNext(1, 'server');
    const { rerenderWith } = renderWithSource(source, <Detail />, { queryClient });
    await advance(2_000);
    expect(seen.at(-1)).toBe('server');
    rerenderWith(null);
    await advance(1_000);
    seen.length = 0;
    rerenderWith(<Detail />);
    await advance(2_000);
    expect(seen.at(-1)).toBe('1');
    expect(seen).not.toContain('server');
  });
});
