// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, flush, renderWithSource, withFakeClock } from './harness';

withFakeClock();

describe('a read that never answers', () => {
  it('is given up as a network failure, says offline, and the next poll reads anew', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    let hang = false;
    const fetchTasks = source.fetchTasks;
    const stalled: AbortSignal[] = [];
    source.fetchTasks = (ids, signal) => {
      if (!hang) return fetchTasks(ids, signal);
      if (signal) stalled.push(signal);
      return new Promise(() => {}); // a stalled server
    };
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await flush();
    expect(log.at(-1)).toMatchObject({ status: 'processing', connection: 'polling' });
    hang = true;
    await advance(2_000); // this poll never comes back
    hang = false;
    source.worker.complete(task.id, claimed.attempt);
    await advance(30_000);
    expect(log.map((r) => r.connection)).toContain('offline');
    expect(stalled.map((signal) => signal.aborted)).toEqual([true]); // the stalled request is let go
    expect(log.at(-1)).toMatchObject({ status: 'completed', connection: 'polling' });
  });

  it.each(['serverTime', 'fetchThresholds'] as const)('a %s that never answers does not keep health from being judged', async (method) => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    const beatAt = new Date(Date.now() - 25 * 60_000).toISOString(); // no heartbeat for 25 min: stuck
    source.putTask({ ...claimed, heartbeat_at: beatAt, started_at: beatAt, updated_at: beatAt });
    const original = source[method] as () => Promise<unknown>;
    let calls = 0;
    (source as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
      (calls += 1) === 1 ? new Promise(() => {}) : original.apply(source, args as []); // the first one stalls
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await advance(30_000);
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'stuck', reason: 'no_heartbeat' } });
  });
});
