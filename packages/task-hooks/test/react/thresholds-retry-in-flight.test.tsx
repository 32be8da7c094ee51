// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();
const MIN = 60_000;

describe('thresholds retry in flight at unmount', () => {
  it('does not keep retrying after the last watcher left', async () => {
    const source = createMemorySource({ realtime: true });
    let calls = 0;
    source.fetchThresholds = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 1_000)); // a slow failure
      throw new TaskError('network', 'network: down');
    };
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const { unmount } = renderWithSource(source, <Probe id={task.id} log={[]} options={{ liveElapsed: false }} />);
    // wait until a retry is in flight
    let before = calls;
    for (let i = 0; i < 400 && calls === before; i += 1) await advance(100);
    before = calls;
    for (let i = 0; i < 400 && calls === before; i += 1) await advance(100);
    before = calls;
    for (let i = 0; i < 400 && calls === before; i += 1) await advance(100);
    // a read is in flight now (started < 100 ms ago)
    unmount();
    await advance(2_000);
    const afterUnmount = calls;
    await advance(10 * MIN);
    expect(calls).toBe(afterUnmount);
  });
});
