// @vitest-environment jsdom
// useSubmitTask after `reset()` while its submit is still out: a press then joins that submit (no
// second task) and is shown as any press is, pending and then with the outcome it joined.
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useTaskStatus } from '../../src/react/use-task-status';
import { useSubmitTask, type SubmitOutcome, type UseSubmitTaskResult, type UseSubmitTaskOptions } from '../../src/react/use-submit-task';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, flush, renderSubmitPanel, renderWithSource, withFakeClock } from './harness';

withFakeClock();

function SubmitPanel({ log, options }: { log: UseSubmitTaskResult<{ n: number }>[]; options?: UseSubmitTaskOptions<{ n: number }> }) {
  log.push(useSubmitTask<{ n: number }>('export', options));
  return null;
}

/**
 * A panel whose press is out (400 ms to answer; `export` is not exclusive here) when `reset()` is
 * called, 100 ms after the press.
 */
async function pressThenReset() {
  const source = createMemorySource({ realtime: false, latencyMs: 400 });
  const log: UseSubmitTaskResult<{ n: number }>[] = [];
  const onSubmitted = vi.fn();
  renderWithSource(source, <SubmitPanel log={log} options={{ onSubmitted }} />);
  await flush();
  let first!: Promise<SubmitOutcome | undefined>;
  await act(async () => {
    first = log.at(-1)!.submit({ n: 1 });
  });
  await advance(100);
  await act(async () => log.at(-1)!.reset());
  return { source, log, onSubmitted, first };
}

describe('useSubmitTask: reset() while a submit is out, then a press', () => {
  it('joins that submit (one task), shows it pending, then shows its outcome and calls onSubmitted once', async () => {
    const { source, log, onSubmitted, first } = await pressThenReset();
    // Reset: clean, though the request is still out (it cannot be aborted).
    expect(log.at(-1)).toMatchObject({ isPending: false, data: undefined, error: null });
    let second!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      second = log.at(-1)!.submit({ n: 2 });
    });
    expect(log.at(-1)?.isPending).toBe(true); // the button is disabled again, not left pressable
    await advance(400);
    const [a, b] = await act(() => Promise.all([first, second]));
    expect(source.stats.calls.submit).toBe(1);
    expect(source.store.rows.size).toBe(1); // one task, not two
    expect(b).toBe(a);
    expect(log.at(-1)).toMatchObject({ isPending: false, data: a, error: null });
    expect(onSubmitted).toHaveBeenCalledTimes(1); // for the press after the reset, not the one reset away
    expect(onSubmitted).toHaveBeenCalledWith(a);
  });

  it('reset() with no press after it: the late answer does not show (nor call onSubmitted), the next press is its own submit', async () => {
    const { source, log, onSubmitted, first } = await pressThenReset();
    await advance(400);
    expect((await first)?.created).toBe(true); // the caller still gets it
    expect(log.at(-1)).toMatchObject({ isPending: false, data: undefined, error: null });
    expect(onSubmitted).not.toHaveBeenCalled();
    let next!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      next = log.at(-1)!.submit({ n: 2 });
    });
    await advance(500);
    expect((await next)?.task.id).not.toBe((await first)?.task.id);
    expect(source.stats.calls.submit).toBe(2);
    expect(log.at(-1)?.data?.task.payload).toEqual({ n: 2 });
  });

  it('a double press that reaps a stale task reads it once (each press runs a mutation; they share one request)', async () => {
    const source = createMemorySource({ realtime: false });
    const { task: stale } = await source.submit('export', {});
    const log: UseSubmitTaskResult<{ n: number }>[] = [];
    function Panel() {
      log.push(useSubmitTask<{ n: number }>('export'));
      useTaskStatus(stale.id, { liveElapsed: false, pollInterval: 60_000 });
      return null;
    }
    renderWithSource(source, <Panel />);
    await advance(31 * 60_000);
    source.resetStats();
    const [a, b] = await act(async () => {
      const { submit } = log.at(-1)!;
      return Promise.all([submit({ n: 1 }), submit({ n: 1 })]);
    });
    await flush();
    expect(a).toMatchObject({ created: true, reapedTaskId: stale.id });
    expect(b).toBe(a);
    expect(source.stats.calls.submit).toBe(1);
    expect(source.stats.fetchBatches).toEqual([[stale.id]]);
  });

  it.each([1, 2])('a submit answered with an ended task reads the active task once, however many presses joined it (%i)', async (presses) => {
    const source = createMemorySource({ realtime: false, latencyMs: 200 });
    // The answer attaches to a task that ended meanwhile: the type's slot is free, read it again.
    const submit = source.submit.bind(source);
    source.submit = async (type, payload) => {
      const { task } = await submit(type, payload);
      source.worker.complete(task.id, source.worker.claim(task.id)!.attempt);
      return { task: source.getTask(task.id)!, created: false, reapedTaskId: null };
    };
    const { submits } = renderSubmitPanel(source);
    await advance(1_000);
    const before = source.stats.calls.fetchActiveTask ?? 0;
    await act(async () => {
      for (let i = 0; i < presses; i++) void submits.at(-1)!.submit({ n: i });
    });
    await advance(2_000);
    expect(source.stats.calls.submit).toBe(1);
    expect((source.stats.calls.fetchActiveTask ?? 0) - before).toBe(1);
  });
});
