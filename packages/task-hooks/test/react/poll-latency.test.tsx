// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

function Watch({ id }: { id: string }) {
  useTaskStatus(id, { liveElapsed: false });
  return null;
}

/** A polling-only source whose every answer takes `latencyMs`, with the time of each `fetchTasks`. */
function slowSource(latencyMs: number): { source: MemorySource; id: string; sentAt: number[] } {
  const source = createMemorySource({ realtime: false, latencyMs });
  const { id } = source.store.submit('export', {}).task;
  const start = Date.now();
  const sentAt: number[] = [];
  const fetchTasks = source.fetchTasks.bind(source);
  source.fetchTasks = (ids, signal) => {
    sentAt.push(Date.now() - start);
    return fetchTasks(ids, signal);
  };
  return { source, id, sentAt };
}

describe('polling against a server that takes time to answer', () => {
  it('sends one request per poll interval, not a second one as the first lands', async () => {
    const { source, id, sentAt } = slowSource(100);
    renderWithSource(source, <Watch id={id} />);
    await advance(20_000);
    // The mount read, then one poll 2 s after each answer (at 2.1 s, 4.2 s, … 18.9 s).
    expect(sentAt).toEqual([0, 2_100, 4_200, 6_300, 8_400, 10_500, 12_600, 14_700, 16_800, 18_900]);
  });

  it('reads a task watched again once, with its mount read', async () => {
    const { source, id, sentAt } = slowSource(100);
    const { rerenderWith } = renderWithSource(source, <Watch id={id} />);
    await advance(1_000);
    rerenderWith(null);
    await advance(5_000);
    sentAt.length = 0;
    rerenderWith(<Watch id={id} />);
    await advance(1_000);
    expect(sentAt).toEqual([6_000]);
  });
});
