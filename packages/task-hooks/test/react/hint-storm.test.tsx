// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { useTasks, type UseTasksResult } from '../../src/react/use-tasks';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

describe('a storm of realtime hints', () => {
  it('reads the hinted tasks together while a read is out, not one request per hint', async () => {
    const source = createMemorySource();
    const ids = Array.from({ length: 100 }, () => source.store.submit('export', {}).task.id);
    const attempts = ids.map((id) => source.worker.claim(id)!.attempt);
    let last!: UseTasksResult;
    function List() {
      last = useTasks(ids, { liveElapsed: false });
      return null;
    }
    renderWithSource(source, <List />);
    await advance(2_000);
    expect(last.connection).toBe('realtime');
    source.setLatency(100);
    source.resetStats();
    // A bulk job moves every task within 100 ms: each change is its own Realtime message.
    for (const [i, id] of ids.entries()) {
      source.worker.heartbeat(id, attempts[i]!, 0.5);
      await advance(1);
    }
    await advance(1_000);
    // One read for the first hint, one for all the hints that came while it was out.
    expect(source.stats.fetchBatches.length).toBeLessThanOrEqual(3);
    expect(last.tasks.every((t) => t.task?.progress === 0.5)).toBe(true);
  });
});
