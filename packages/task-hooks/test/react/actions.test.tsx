// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskStatusResult } from '../../src/react/types';
import { useActiveTask, type UseActiveTaskResult } from '../../src/react/use-active-task';
import { useTaskEvents, type UseTaskEventsResult } from '../../src/react/use-task-events';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { createSimulatedWorker } from '../../src/testing/simulated-worker';
import { Probe, actAsync, advance, beatingTask, flush, renderSubmitPanel, renderWithSource, withFakeClock } from './harness';

const QUIET = { liveElapsed: false };

const MIN = 60_000;


withFakeClock();

/** Watches a task as a page would, and records the kinds of its audit trail at every render. */
function TrailProbe({ id, kinds }: { id: string; kinds: string[][] }) {
  useTaskStatus(id, { liveElapsed: false });
  kinds.push((useTaskEvents(id).events ?? []).map((e) => e.kind));
  return null;
}

describe('cancel', () => {
  it('shows cancelling at once, then the acknowledged cancel', async () => {
    const source = createMemorySource({ latencyMs: 400 });
    const { task } = await source.store.submit('export', {});
    createSimulatedWorker(source, { taskId: task.id, scenario: 'slow_but_alive', startDelayMs: 0, durationMs: 10_000 });
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await advance(3_000);
    expect(log.at(-1)).toMatchObject({ status: 'processing', canCancel: true, isCancelling: false });
    let done!: Promise<void>;
    await act(async () => {
      done = log.at(-1)!.cancel();
    });
    expect(log.at(-1)).toMatchObject({ isCancelling: true, isCancelPending: true, canCancel: false });
    await advance(400);
    await act(() => done);
    expect(source.getTask(task.id)?.cancel_requested_at).not.toBeNull();
    expect(log.at(-1)).toMatchObject({ isCancelling: true, isCancelPending: false, status: 'processing' });
    await advance(25_000); // the worker acknowledges at its next heartbeat (every 20 s)
    expect(log.at(-1)).toMatchObject({ status: 'cancelled', isCancelling: false, isTerminal: true });
  });

  it('rolls the optimistic cancel back when the request fails', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    source.failNext(1, 'network');
    await actAsync(() => log.at(-1)!.cancel());
    await flush();
    expect(log.some((r) => r.isCancelling)).toBe(true);
    expect(log.at(-1)).toMatchObject({ isCancelling: false, canCancel: true });
    expect(log.at(-1)?.error?.code).toBe('network');
    await advance(4_000); // polls with unchanged rows do not clear an action's error
    expect(log.at(-1)?.error?.code).toBe('network');
    expect(source.getTask(task.id)?.cancel_requested_at).toBeNull();
  });

  it("keeps a failed cancel's error while the worker keeps beating, and drops it when the task ends", async () => {
    const source = createMemorySource({ realtime: false });
    const { task, attempt, stop } = beatingTask(source); // a heartbeat (a new updated_at) every second
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    source.failNext(1, 'server');
    await act(() => log.at(-1)!.cancel());
    await flush();
    expect(log.at(-1)?.error?.code).toBe('server');
    // Polls bring a heartbeat each time: no news about the cancel, so the card still says it failed
    // (cleared at the first heartbeat, it showed for a moment and the press seemed to do nothing).
    await advance(6_000);
    expect(log.at(-1)).toMatchObject({ status: 'processing', isCancelling: false });
    expect(log.at(-1)?.error?.code).toBe('server');
    stop();
    source.worker.complete(task.id, attempt);
    await advance(2_000);
    expect(log.at(-1)).toMatchObject({ status: 'completed', error: null });
  });

  it('does not roll a failed cancel back over a newer row that arrived meanwhile', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    source.setLatency(2_000); // the cancel's request is answered a second after it is sent
    let done!: Promise<void>;
    await act(async () => {
      done = log.at(-1)!.cancel();
    });
    expect(log.at(-1)).toMatchObject({ isCancelling: true });
    source.setLatency(0);
    source.worker.complete(task.id, claimed.attempt); // the hint brings the completed row at once
    await advance(100);
    expect(log.at(-1)).toMatchObject({ status: 'completed' });
    const completedAt = log.length - 1;
    source.failNext(1, 'network'); // ... and then the cancel fails
    await advance(1_000);
    await act(() => done);
    // The task ended while the Cancel was out: its failure says nothing true of it any more.
    expect(log.at(-1)).toMatchObject({ status: 'completed', isCancelling: false, error: null });
    expect(log.slice(completedAt).map((r) => r.status)).not.toContain('processing');
  });

  it('does not replace a newer row with the cancel answer that arrives after it', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    // The cancel is applied at once, but its answer takes a second to come back.
    const cancel = source.cancel;
    source.cancel = async (id) => {
      const row = await cancel(id);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return row;
    };
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    let done!: Promise<void>;
    await act(async () => {
      done = log.at(-1)!.cancel();
    });
    await advance(100);
    source.worker.ackCancel(task.id, claimed.attempt); // the hint brings the cancelled row at once
    await advance(100);
    expect(log.at(-1)).toMatchObject({ status: 'cancelled' });
    const cancelledAt = log.length - 1;
    await advance(1_000); // the answer: the row as the cancel request left it, older than the cached one
    await act(() => done);
    expect(log.slice(cancelledAt).map((r) => r.status)).not.toContain('processing');
    expect(log.at(-1)).toMatchObject({ status: 'cancelled', isTerminal: true, error: null });
  });

  it('writes a cancel answer that lands after a retarget to the cancelled task, not to the new id', async () => {
    const source = createMemorySource({ realtime: false });
    const { task: first } = await source.submit('export', {});
    await advance(1_000);
    const { task: second } = await source.submit('export', {});
    source.worker.claim(first.id);
    source.worker.claim(second.id);
    const log: TaskStatusResult[] = [];
    const { rerenderWith, queryClient } = renderWithSource(source, <Probe id={first.id} log={log} options={QUIET} />);
    await flush();
    source.setLatency(1_000);
    let done!: Promise<void>;
    await act(async () => {
      done = log.at(-1)!.cancel();
    });
    await advance(100);
    rerenderWith(<Probe id={second.id} log={log} options={QUIET} />); // the user opens another task meanwhile
    source.setLatency(0);
    await advance(1_000);
    await act(() => done);
    await flush();
    expect(queryClient.getQueryData<{ id: string }>(['unstuck', 'task', second.id])?.id).toBe(second.id);
    expect(log.at(-1)).toMatchObject({ task: { id: second.id, cancel_requested_at: null }, isCancelling: false });
    expect(queryClient.getQueryData<{ cancel_requested_at: string | null }>(['unstuck', 'task', first.id])?.cancel_requested_at).not.toBeNull();
  });
});

describe('retry', () => {
  it('retries a task stuck pending, hands the new task to onRetry and follows it when the app retargets', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    createSimulatedWorker(source, { taskId: task.id, scenario: 'crash_before_claim' });
    const log: TaskStatusResult[] = [];
    const onRetry = vi.fn();
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} options={{ ...QUIET, onRetry }} />);
    await advance(30 * MIN + 1_000);
    expect(log.at(-1)).toMatchObject({ health: { state: 'stuck', reason: 'not_picked_up' }, canRetry: true });
    let result: Awaited<ReturnType<TaskStatusResult['retry']>>;
    await act(async () => {
      result = await log.at(-1)!.retry();
    });
    await flush();
    expect(result!).toMatchObject({ created: true, task: { status: 'pending', retry_of: task.id, payload: { n: 1 } } });
    expect(onRetry).toHaveBeenCalledWith(expect.objectContaining({ task: expect.objectContaining({ id: result!.task.id }) }));
    expect(log.at(-1)).toMatchObject({ status: 'failed', task: { error_code: 'pending_timeout' } });
    rerenderWith(<Probe id={result!.task.id} log={log} options={{ ...QUIET, onRetry }} />);
    await flush();
    expect(log.at(-1)).toMatchObject({ status: 'pending', health: { state: 'ok' } });
    source.worker.claim(result!.task.id);
    await advance(2_000); // polling re-armed for the new task
    expect(log.at(-1)?.status).toBe('processing');
  });

  it('retries once when Retry is clicked twice before the first answer', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    const log: TaskStatusResult[] = [];
    const onRetry = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ ...QUIET, onRetry }} />);
    await advance(30 * MIN + 1_000);
    expect(log.at(-1)).toMatchObject({ health: { state: 'stuck' }, canRetry: true });
    source.setLatency(200);
    const { retry } = log.at(-1)!;
    let results!: unknown[];
    await act(async () => {
      const both = Promise.all([retry(), retry()]); // a double click: both from the same render
      await vi.advanceTimersByTimeAsync(500);
      results = await both;
    });
    expect(source.stats.calls.retry).toBe(1);
    expect([...source.store.rows.values()].filter((t) => t.retry_of === task.id)).toHaveLength(1);
    expect(results[0]).toBe(results[1]);
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(log.at(-1)?.error).toBeNull();
  });

  it('cancels once when Cancel is clicked twice before the first answer', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    source.setLatency(200);
    const { cancel } = log.at(-1)!;
    await act(async () => {
      const both = Promise.all([cancel(), cancel()]);
      await vi.advanceTimersByTimeAsync(500);
      await both;
    });
    expect(source.stats.calls.cancel).toBe(1);
    expect(log.at(-1)).toMatchObject({ isCancelling: true, error: null });
  });

  it('answers Retry on a task retried before (in another tab) with that retry, which the app follows', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    source.worker.fail(task.id, source.worker.claim(task.id)!.attempt, 'worker_error', 'boom');
    const elsewhere = await source.retry(task.id); // the other tab
    const log: TaskStatusResult[] = [];
    const onRetry = vi.fn();
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} options={{ ...QUIET, onRetry }} />);
    await flush();
    expect(log.at(-1)).toMatchObject({ status: 'failed', canRetry: true });
    let result: Awaited<ReturnType<TaskStatusResult['retry']>>;
    await act(async () => {
      result = await log.at(-1)!.retry();
    });
    await flush();
    expect(result!).toMatchObject({ created: false, reapedTaskId: null, task: { id: elsewhere.task.id, retry_of: task.id } });
    expect(onRetry).toHaveBeenCalledWith(result!);
    expect(log.at(-1)?.error).toBeNull();
    expect([...source.store.rows.values()].filter((t) => t.retry_of === task.id)).toHaveLength(1);
    rerenderWith(<Probe id={result!.task.id} log={log} options={{ ...QUIET, onRetry }} />);
    await flush();
    expect(log.at(-1)).toMatchObject({ task: { id: elsewhere.task.id }, status: 'pending', health: { state: 'ok' } });
  });

  it('reports illegal_state from a refused retry', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    let result: unknown = 'unset';
    await act(async () => {
      result = await log.at(-1)!.retry();
    });
    expect(result).toBeUndefined();
    expect(log.at(-1)?.error?.code).toBe('illegal_state');
  });
});

/** Renders `useActiveTask('export')` feeding `useTaskStatus`, as an app resuming its task would; returns every result. */
function renderActivePanel(source: MemorySource): UseActiveTaskResult[] {
  const actives: UseActiveTaskResult[] = [];
  function Panel() {
    const active = useActiveTask('export');
    actives.push(active);
    useTaskStatus(active.task?.id, QUIET);
    return null;
  }
  renderWithSource(source, <Panel />);
  return actives;
}

describe('submit, active task and events', () => {
  it('attaches to the running task of an exclusive type and exposes it as the active task', async () => {
    const source = createMemorySource({ types: { export: { exclusive: true } }, realtime: false });
    const { submits, actives } = renderSubmitPanel(source);
    await flush();
    expect(actives.at(-1)?.task).toBeNull();
    const first = await act(() => submits.at(-1)!.submit({ n: 1 }));
    const second = await act(() => submits.at(-1)!.submit({ n: 2 }));
    expect(first).toMatchObject({ created: true, attachedToExisting: false });
    expect(second).toMatchObject({ created: false, attachedToExisting: true, task: { id: first!.task.id } });
    expect(actives.at(-1)?.task?.id).toBe(first!.task.id);
    // As submit_task: the running task is returned whatever the payload (it would not be used);
    // the payload is checked when a task is created.
    const big = { n: 'x'.repeat(70_000) as unknown as number };
    expect(await act(() => submits.at(-1)!.submit(big))).toMatchObject({ attachedToExisting: true, task: { id: first!.task.id } });
    const claimed = source.worker.claim(first!.task.id)!;
    source.worker.complete(claimed.id, claimed.attempt);
    const bad = await act(() => submits.at(-1)!.submit(big));
    expect(bad).toBeUndefined();
    expect(submits.at(-1)?.error?.code).toBe('payload_too_large');
  });

  it('refreshes the active task when the watched one ends', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    createSimulatedWorker(source, { taskId: task.id, scenario: 'fail', startDelayMs: 0, durationMs: 4_000 });
    const actives = renderActivePanel(source);
    await flush();
    expect(actives.at(-1)?.task?.id).toBe(task.id);
    await advance(8_000);
    expect(actives.at(-1)?.task).toBeNull();
  });

  it('asks once for the active task when the watched one ends, and not again at every later cache event', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    source.setLatency(50);
    const claimed = source.worker.claim(task.id)!;
    const actives = renderActivePanel(source);
    await advance(1_000);
    expect(actives.at(-1)?.task?.id).toBe(task.id);
    const before = source.stats.calls.fetchActiveTask ?? 0;
    source.worker.complete(task.id, claimed.attempt);
    await advance(2_500); // the poll reads the completed row
    expect(actives.at(-1)?.task).toBeNull();
    expect((source.stats.calls.fetchActiveTask ?? 0) - before).toBe(1);
  });

  it('is not loading while disabled (it sends nothing)', async () => {
    const source = createMemorySource({ realtime: false });
    const actives: UseActiveTaskResult[] = [];
    function Panel() {
      actives.push(useActiveTask('export', { enabled: false }));
      return null;
    }
    renderWithSource(source, <Panel />);
    await advance(1_000);
    expect(actives.at(-1)).toMatchObject({ task: undefined, isLoading: false, error: null });
    expect(source.stats.calls.fetchActiveTask ?? 0).toBe(0);
  });

  it('lists the audit trail and refetches it when the row changes', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    const kinds: string[][] = [];
    renderWithSource(source, <TrailProbe id={task.id} kinds={kinds} />);
    await flush();
    expect(kinds.at(-1)).toEqual(['submitted']);
    source.worker.claim(task.id);
    await advance(2_000);
    await flush();
    expect(kinds.at(-1)).toEqual(['submitted', 'claimed']);
    const fetches = source.stats.calls.fetchEvents;
    await advance(10_000);
    expect(source.stats.calls.fetchEvents).toBe(fetches); // quiet task: no refetch
  });

  it('does not re-read the audit trail for heartbeats and progress (they write no event), only for a new state', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    const kinds: string[][] = [];
    renderWithSource(source, <TrailProbe id={task.id} kinds={kinds} />);
    await advance(2_000);
    expect(kinds.at(-1)).toEqual(['submitted', 'claimed']);
    const fetches = source.stats.calls.fetchEvents;
    for (let beat = 1; beat <= 5; beat += 1) {
      source.worker.heartbeat(task.id, claimed.attempt, beat / 10);
      await advance(2_000); // each poll brings a changed row
    }
    expect(source.stats.calls.fetchTasks).toBeGreaterThanOrEqual(5);
    expect(source.stats.calls.fetchEvents).toBe(fetches);
    await source.cancel(task.id); // a cancel request is an event
    await advance(2_000);
    expect(kinds.at(-1)).toEqual(['submitted', 'claimed', 'cancel_requested']);
    source.worker.ackCancel(task.id, claimed.attempt);
    await advance(2_000);
    expect(kinds.at(-1)).toEqual(['submitted', 'claimed', 'cancel_requested', 'cancelled']);
  });

  it("a retry shows in the retried task's trail, though that final row does not change", async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    await source.cancel(task.id);
    const kinds: string[][] = [];
    let retry: () => Promise<unknown> = async () => undefined;
    function Timeline() {
      retry = useTaskStatus(task.id, { liveElapsed: false }).retry;
      kinds.push((useTaskEvents(task.id).events ?? []).map((e) => e.kind));
      return null;
    }
    renderWithSource(source, <Timeline />);
    await advance(2_000);
    expect(kinds.at(-1)).toEqual(['submitted', 'cancelled']);
    await act(async () => {
      await retry();
    });
    await flush();
    expect(kinds.at(-1)).toEqual(['submitted', 'cancelled', 'retried']);
  });

  it('refetch keeps the failed read\'s error (not loading) until the new read settles, for that task only', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    const other = await source.submit('report', {});
    let settle: (events: Awaited<ReturnType<MemorySource['fetchEvents']>>) => void = () => undefined;
    const real = source.fetchEvents.bind(source);
    source.fetchEvents = vi.fn<MemorySource['fetchEvents']>()
      .mockRejectedValueOnce(new TaskError('network', 'down'))
      .mockImplementationOnce(() => new Promise((resolve) => { settle = resolve; }))
      .mockImplementation(real);
    const results: UseTaskEventsResult[] = [];
    function Timeline({ id }: { id: string }) {
      results.push(useTaskEvents(id));
      return null;
    }
    const { rerenderWith } = renderWithSource(source, <Timeline id={task.id} />);
    await flush();
    expect(results.at(-1)).toMatchObject({ isLoading: false, error: { code: 'network' } });
    let reading!: Promise<void>;
    act(() => {
      reading = results.at(-1)!.refetch();
    });
    await flush();
    // TanStack Query alone would say "no error, loading" here: a Try again button would vanish.
    expect(results.at(-1)).toMatchObject({ events: undefined, isLoading: false, error: { code: 'network' } });
    await act(async () => {
      settle(await real(task.id));
      await reading;
    });
    expect(results.at(-1)).toMatchObject({ isLoading: false, error: null });
    expect(results.at(-1)!.events?.map((e) => e.kind)).toEqual(['submitted']);
    // Another task's first read is loading, not the first task's old error.
    rerenderWith(<Timeline id={other.task.id} />);
    expect(results.at(-1)).toMatchObject({ isLoading: true, error: null });
  });

  it('refetch reads a trail whose read failed again ("Try again"), and is a no-op for a malformed id', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    const results: UseTaskEventsResult[] = [];
    const malformed: UseTaskEventsResult[] = [];
    function Timeline() {
      results.push(useTaskEvents(task.id));
      malformed.push(useTaskEvents('not-a-uuid'));
      return null;
    }
    source.failNext(1, 'network');
    renderWithSource(source, <Timeline />);
    await flush();
    expect(results.at(-1)).toMatchObject({ events: undefined, isLoading: false, error: { code: 'network' } });
    const reads = source.stats.calls.fetchEvents ?? 0;
    await act(() => results.at(-1)!.refetch());
    expect(source.stats.calls.fetchEvents).toBe(reads + 1);
    expect(results.at(-1)).toMatchObject({ error: null, isLoading: false });
    expect(results.at(-1)!.events?.map((e) => e.kind)).toEqual(['submitted']);
    await act(() => malformed.at(-1)!.refetch());
    expect(source.stats.calls.fetchEvents).toBe(reads + 1);
    expect(malformed.at(-1)!.error?.code).toBe('invalid_id');
  });
});
