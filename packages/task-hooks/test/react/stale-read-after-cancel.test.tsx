// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

describe('a read the server answered before a cancel, delivered after the cancel answer', () => {
  it('does not put back the row from before the cancel ("cancelling" stays on)', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    // The server answers reads at once; the answer of the read the test names takes 2 s to arrive.
    const fetchTasks = source.fetchTasks.bind(source);
    let slowNext = false;
    source.fetchTasks = async (ids, signal) => {
      const slow = slowNext;
      slowNext = false;
      const rows = await fetchTasks(ids, signal);
      if (slow) await new Promise((resolve) => setTimeout(resolve, 2_000));
      return rows;
    };
    // The cancel request takes 500 ms to reach the server; its answer comes straight back.
    const cancel = source.cancel.bind(source);
    source.cancel = async (id) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      return cancel(id);
    };
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await advance(1_900);
    expect(log.at(-1)).toMatchObject({ status: 'processing', isCancelling: false, connection: 'realtime' });
    await act(async () => {
      void log.at(-1)!.cancel();
    });
    slowNext = true;
    await advance(100); // 2 s: a heartbeat; its hint sends a read, answered before the cancel lands
    source.worker.heartbeat(task.id, attempt, 0.5);
    await advance(500); // 2.5 s: the cancel's answer (cancel_requested_at set, updated_at moved) is in
    expect(log.at(-1)).toMatchObject({ isCancelling: true, isCancelPending: false });
    const answeredAt = log.length - 1;
    await advance(2_000); // 4.5 s: the hinted read lands, with the row as it was at 2 s
    expect(log.slice(answeredAt).map((r) => r.isCancelling)).toEqual(log.slice(answeredAt).map(() => true));
    expect(log.at(-1)).toMatchObject({ status: 'processing', isCancelling: true });
  });

  it('takes a read sent after the answer even when its row is stamped earlier (a write that waited for the row lock)', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await advance(1_000);
    const stampedAt = new Date(Date.now() - 500).toISOString(); // the reaper's transaction began then
    await act(async () => {
      await log.at(-1)!.cancel();
    });
    expect(log.at(-1)).toMatchObject({ isCancelling: true });
    await advance(100);
    // The reaper, which began before the cancel, fails the task after it: `updated_at` is its start.
    source.putTask({ ...source.getTask(task.id)!, status: 'failed', error_code: 'max_runtime', updated_at: stampedAt, finished_at: stampedAt });
    await advance(1_000);
    expect(log.at(-1)).toMatchObject({ status: 'failed', task: { error_code: 'max_runtime' } });
  });
});
