// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { TaskSource } from '../../src/sources/source';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

/**
 * The memory source with a channel that takes `joinMs` to join, as a Realtime channel or an SSE
 * stream does: changes made before it joined are announced by nothing but its full hint.
 */
function joiningAfter(source: MemorySource, joinMs: number): MemorySource {
  const subscribe: TaskSource['subscribe'] = (handlers) => {
    handlers.onConnection('connecting');
    let stop = () => {};
    const timer = setTimeout(() => (stop = source.subscribe!(handlers)), joinMs);
    return () => {
      clearTimeout(timer);
      stop();
    };
  };
  return Object.assign(Object.create(source) as MemorySource, { subscribe });
}

describe('the full refetch after a channel joins', () => {
  it('reads again when it joins while a read of the task is in flight (the change between them was announced by nothing)', async () => {
    const memory = createMemorySource();
    const { task } = await memory.submit('export', {});
    memory.setLatency(200); // the server reads the row 100 ms into each call
    const log: TaskStatusResult[] = [];
    renderWithSource(joiningAfter(memory, 150), <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await advance(120); // the mount read has read the row (pending) and is on its way back
    memory.worker.claim(task.id); // no channel yet: nothing announces it
    await advance(30); // the channel joins and asks for everything while that read is still out
    expect(log.at(-1)?.connection).toBe('realtime');
    await advance(1_000);
    // Far below the 30 s safety poll: the full hint got a read of its own, sent after the join.
    expect(log.at(-1)?.status).toBe('processing');
  });
});
