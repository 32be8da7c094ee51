// @vitest-environment jsdom
// Realtime hints that come while a batched read is out wait for it (see hint-storm.test.tsx), but
// only briefly: a read that hangs until its 20 s timeout must not hold every other task's changes.
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, flush, renderWithSource, withFakeClock } from './harness';

withFakeClock();

async function hungReadThenHint() {
  const source = createMemorySource();
  const hung = source.store.submit('export', {}).task.id;
  const other = source.store.submit('export', {}).task.id;
  const attempts = { hung: source.worker.claim(hung)!.attempt, other: source.worker.claim(other)!.attempt };
  const fetchTasks = source.fetchTasks;
  let stall = false;
  // Once `stall` is on, a read that carries `hung` never answers (a half-open connection).
  source.fetchTasks = (ids, signal) => (stall && ids.includes(hung) ? new Promise(() => {}) : fetchTasks(ids, signal));
  const logs = { hung: [] as TaskStatusResult[], other: [] as TaskStatusResult[] };
  const view = renderWithSource(
    source,
    <>
      <Probe id={hung} log={logs.hung} options={{ liveElapsed: false }} />
      <Probe id={other} log={logs.other} options={{ liveElapsed: false }} />
    </>,
  );
  await advance(2_000);
  expect(logs.other.at(-1)).toMatchObject({ status: 'processing', connection: 'realtime' });
  stall = true;
  source.worker.heartbeat(hung, attempts.hung, 0.5); // its hint sends a read of `hung`: it hangs
  await flush();
  source.worker.complete(other, attempts.other); // this hint comes while that read is out
  await flush();
  return { source, logs, view };
}

describe('a realtime hint while a read hangs', () => {
  it('is read within about a second, not when the hung read times out 20 s later', async () => {
    const { source, logs } = await hungReadThenHint();
    const batches = source.stats.fetchBatches.length;
    await advance(1_500);
    expect(logs.other.at(-1)?.status).toBe('completed');
    expect(source.stats.fetchBatches.length).toBe(batches + 1); // one read for the deferred hint, not `hung` again
  });

  it('leaves no timer once the last watcher unmounts with a hint deferred', async () => {
    const { view } = await hungReadThenHint();
    view.unmount();
    await advance(21_000); // the hung read times out and is let go
    expect(vi.getTimerCount()).toBe(0);
  });
});
