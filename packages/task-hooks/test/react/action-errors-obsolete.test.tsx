// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskThresholds } from '../../src/core/types';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { Probe, advance, beatingTask, flush, renderWithSource, withFakeClock } from './harness';

const QUIET = { liveElapsed: false };
const MIN = 60_000;
const MINUTE: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 10_000, heartbeatTimeoutMs: 60_000 };
withFakeClock();

/** A task stuck (its worker took it and went silent), watched by a Probe; `script` sets the source's answers first. */
async function watchStuckTask(script: (source: MemorySource) => void): Promise<TaskStatusResult[]> {
  const source = createMemorySource({ realtime: false, types: { export: MINUTE } });
  const { task } = source.store.submit('export', {});
  source.worker.claim(task.id);
  script(source);
  const log: TaskStatusResult[] = [];
  renderWithSource(source, <Probe id={task.id} log={log} options={{ thresholds: MINUTE, liveElapsed: false }} />);
  await advance(70_000);
  return log;
}

describe('an action error says only what is still true', () => {
  it('drops a failed Cancel once the row shows the cancel applied anyway (its answer lost)', async () => {
    const source = createMemorySource({ realtime: false });
    const { task, stop } = beatingTask(source);
    const cancel = source.cancel;
    let lose = true;
    source.cancel = async (id) => {
      const row = await cancel(id);
      if (lose) { lose = false; throw new TaskError('network', 'network: no answer'); }
      return row;
    };
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    await act(() => log.at(-1)!.cancel());
    await flush();
    expect(log.at(-1)?.error?.code).toBe('network');
    await advance(4_000); // polls bring the row: cancel_requested_at set, status processing
    expect(log.at(-1)).toMatchObject({ status: 'processing', isCancelling: true, canCancel: false });
    stop();
    // The card shows "Cancelling…" and "The last request failed: network: no answer", and the Cancel
    // button is gone, so pressing again (the only other way to clear it) is impossible.
    expect(log.at(-1)?.error).toBeNull();
  });

  it('drops a failed Cancel once another tab cancels the task', async () => {
    const source = createMemorySource({ realtime: false });
    const { task, stop } = beatingTask(source);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    source.failNext(1, 'server');
    await act(() => log.at(-1)!.cancel());
    await flush();
    expect(log.at(-1)?.error?.code).toBe('server');
    source.store.cancel(task.id); // another tab
    await advance(4_000);
    expect(log.at(-1)).toMatchObject({ isCancelling: true });
    stop();
    expect(log.at(-1)?.error).toBeNull();
  });

  it('drops a Retry refused as healthy once the task is stuck and Retry is offered again', async () => {
    const SEED: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 15 * MIN, heartbeatTimeoutMs: 20 * MIN };
    const LONG: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 45 * MIN, heartbeatTimeoutMs: 60 * MIN };
    const source = createMemorySource({ realtime: false, types: { export: LONG } });
    const fetchThresholds = source.fetchThresholds;
    let edited = false;
    source.fetchThresholds = async (signal) => {
      const read = await fetchThresholds(signal);
      return edited ? read : { ...read, export: { ...read.export!, ...SEED } };
    };
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    await advance(25 * MIN);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await advance(1_000);
    expect(log.at(-1)).toMatchObject({ health: { state: 'stuck' }, canRetry: true });
    edited = true;
    await act(async () => { await log.at(-1)!.retry(); });
    await advance(100);
    expect(log.at(-1)).toMatchObject({ health: { state: 'ok' }, error: { code: 'illegal_state' } });
    await advance(40 * MIN); // past the database's 60 min: stuck for real, Retry offered again
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'stuck' }, canRetry: true });
    // Still: "The last request failed: illegal_state: task … is processing and healthy; cancel it or wait"
    expect(log.at(-1)?.error).toBeNull();
  });

  it("shows a later failed Retry's error, not an earlier failed Cancel's", async () => {
    const source = createMemorySource({ realtime: false, types: { export: { heartbeatWarnAfterMs: 1 * MIN, heartbeatTimeoutMs: 2 * MIN } } });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    source.failNext(1, 'network');
    await act(() => log.at(-1)!.cancel());
    await flush();
    expect(log.at(-1)?.error?.code).toBe('network');
    await advance(3 * MIN); // silent worker: stuck
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'stuck' }, canRetry: true });
    source.failNext(1, 'server');
    await act(async () => { await log.at(-1)!.retry(); });
    await flush();
    expect(source.stats.calls.retry).toBe(1);
    expect(log.at(-1)?.error?.code).toBe('server'); // the Retry just pressed; gets the Cancel's 'network'
  });

  it('says nothing of a Cancel that failed after the task ended', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    source.setLatency(2_000);
    let done!: Promise<void>;
    await act(async () => { done = log.at(-1)!.cancel(); });
    source.setLatency(0);
    source.worker.complete(task.id, claimed.attempt);
    await advance(100);
    expect(log.at(-1)).toMatchObject({ status: 'completed' });
    source.failNext(1, 'network');
    await advance(1_000);
    await act(() => done);
    await advance(10 * MIN);
    expect(log.at(-1)).toMatchObject({ status: 'completed', canCancel: false });
    // A completed task saying "The last request failed" for as long as the page is open, no button to press.
    expect(log.at(-1)?.error).toBeNull();
  });

  it('does not carry an error to another task the hook turns to', async () => {
    const source = createMemorySource({ realtime: false });
    const a = beatingTask(source);
    const b = beatingTask(source);
    const log: TaskStatusResult[] = [];
    const ui = renderWithSource(source, <><Probe id={a.task.id} log={log} options={QUIET} /><Probe id={b.task.id} log={[]} options={QUIET} /></>);
    await flush();
    source.failNext(1, 'server');
    await act(() => log.at(-1)!.cancel());
    await flush();
    expect(log.at(-1)?.error?.code).toBe('server');
    ui.rerenderWith(<><Probe id={b.task.id} log={log} options={QUIET} /><Probe id={b.task.id} log={[]} options={QUIET} /></>);
    await flush();
    expect(log.at(-1)).toMatchObject({ task: { id: b.task.id }, status: 'processing', error: null });
    ui.rerenderWith(<><Probe id={a.task.id} log={log} options={QUIET} /><Probe id={b.task.id} log={[]} options={QUIET} /></>);
    await flush();
    expect(log.at(-1)).toMatchObject({ task: { id: a.task.id }, error: null });
    a.stop(); b.stop();
  });

  it('keeps a failed Cancel through its optimistic update and rollback (the status never moves)', async () => {
    const source = createMemorySource({ realtime: false });
    const { task, stop } = beatingTask(source);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    const from = log.length;
    source.failNext(1, 'server');
    await act(() => log.at(-1)!.cancel());
    await flush();
    expect(new Set(log.slice(from).map((r) => r.status))).toEqual(new Set(['processing']));
    expect(log.at(-1)?.error?.code).toBe('server');
    stop();
  });

  it('a Cancel press while a Retry is in flight keeps the Retry pending and its onRetry', async () => {
    const source = createMemorySource({ realtime: false, types: { export: MINUTE } });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const retry = source.retry;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    source.retry = async (id) => { await gate; return retry(id); };
    source.cancel = async () => { throw new TaskError('unauthorized', 'unauthorized: not yours'); };
    const log: TaskStatusResult[] = [];
    const onRetry = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onRetry, thresholds: MINUTE, liveElapsed: false }} />);
    await advance(70_000);
    expect(log.at(-1)).toMatchObject({ health: { state: 'stuck' }, canRetry: true, canCancel: true });
    let retried!: Promise<unknown>;
    act(() => { retried = log.at(-1)!.retry(); });
    await flush();
    expect(log.at(-1)?.isRetryPending).toBe(true);
    await act(() => log.at(-1)!.cancel());
    await flush();
    release();
    let result: unknown;
    await act(async () => { result = await retried; });
    await flush();
    expect(result).toBeTruthy();
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('a Cancel press while a Retry is in flight keeps Retry shown as pending, not offered again', async () => {
    let release!: () => void;
    const log = await watchStuckTask((source) => {
      const retry = source.retry;
      const gate = new Promise<void>((r) => (release = r));
      source.retry = async (id) => { await gate; return retry(id); };
    });
    act(() => { void log.at(-1)!.retry(); });
    await flush();
    expect(log.at(-1)).toMatchObject({ isRetryPending: true, canRetry: false });
    await act(() => log.at(-1)!.cancel());
    await flush();
    expect(log.at(-1)).toMatchObject({ isRetryPending: true, canRetry: false });
    release();
    await flush();
  });

  it('a Retry that fails while a Cancel is still out shows its failure, then the Cancel\'s when it fails', async () => {
    let release!: () => void;
    const log = await watchStuckTask((source) => {
      const gate = new Promise<void>((r) => (release = r));
      source.cancel = async () => { await gate; throw new TaskError('server', 'server: boom'); };
      source.retry = async () => { throw new TaskError('illegal_state', 'illegal_state: healthy'); };
    });
    act(() => { void log.at(-1)!.cancel(); });
    await flush();
    expect(log.at(-1)?.isCancelPending).toBe(true);
    await act(async () => { await log.at(-1)!.retry(); });
    await flush();
    await flush();
    // the user pressed Retry, it was refused: while the Cancel is still out, that is the newest outcome
    expect(log.at(-1)?.isCancelPending).toBe(true);
    expect(log.at(-1)?.error?.code).toBe('illegal_state');
    release();
    await flush();
    await flush();
    expect(log.at(-1)?.error?.code).toBe('server'); // then the Cancel failed: the newest outcome again
  });

  it('a Cancel that fails while a Retry is still out shows its failure', async () => {
    let release!: () => void;
    const log = await watchStuckTask((source) => {
      const retry = source.retry;
      const gate = new Promise<void>((r) => (release = r));
      source.retry = async (id) => { await gate; return retry(id); };
      source.cancel = async () => { throw new TaskError('unauthorized', 'unauthorized: not yours'); };
    });
    act(() => { void log.at(-1)!.retry(); });
    await flush();
    expect(log.at(-1)?.isRetryPending).toBe(true);
    await act(() => log.at(-1)!.cancel());
    await flush();
    await flush();
    expect(log.at(-1)?.isRetryPending).toBe(true);
    expect(log.at(-1)?.error?.code).toBe('unauthorized');
    release();
    await flush();
  });

  it('a Retry that fails at once after a failed Cancel shows the Retry failure, not the old Cancel one', async () => {
    const log = await watchStuckTask((source) => {
      source.cancel = async () => { throw new TaskError('server', 'server: boom'); };
      source.retry = async () => { throw new TaskError('illegal_state', 'illegal_state: healthy'); };
    });
    await act(async () => { await log.at(-1)!.cancel(); });
    await flush();
    expect(log.at(-1)?.error?.code).toBe('server');
    await act(async () => { await log.at(-1)!.retry(); });
    await flush();
    await flush();
    expect(log.at(-1)?.error?.code).toBe('illegal_state');
  });

  it('no render shows a Retry press in flight with the earlier Cancel failure', async () => {
    let release!: () => void;
    const log = await watchStuckTask((source) => {
      const retry = source.retry;
      const gate = new Promise<void>((r) => (release = r));
      source.retry = async (id) => { await gate; return retry(id); };
      source.cancel = async () => { throw new TaskError('server', 'server: boom'); };
    });
    await act(async () => { await log.at(-1)!.cancel(); });
    await flush();
    expect(log.at(-1)?.error?.code).toBe('server');
    act(() => { void log.at(-1)!.retry(); });
    await flush();
    expect(log.filter((r) => r.isRetryPending && r.error?.code === 'server')).toEqual([]);
    release();
    await flush();
  });

  // A press on A is still out when the hook turns to B, where the other action fails; then A's
  // request fails too. B's failure is the newest outcome of a press on B, and stays.
  it.each([
    { outOnA: 'retry', failsOnB: 'cancel', code: 'unauthorized' },
    { outOnA: 'cancel', failsOnB: 'retry', code: 'illegal_state' },
  ] as const)("an old id's $outOnA failing after a retarget does not hide the new id's $failsOnB failure", async ({ outOnA, failsOnB, code }) => {
    const source = createMemorySource({ realtime: false });
    const a = beatingTask(source);
    const b = beatingTask(source);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const failure = { cancel: new TaskError('unauthorized', 'unauthorized: not yours'), retry: new TaskError('illegal_state', 'illegal_state: healthy') };
    source[outOnA] = async () => { await gate; throw failure[outOnA]; };
    source[failsOnB] = async () => { throw failure[failsOnB]; };
    const log: TaskStatusResult[] = [];
    const ui = renderWithSource(source, <Probe id={a.task.id} log={log} options={QUIET} />);
    await flush();
    act(() => { void log.at(-1)![outOnA](); });
    await flush();
    ui.rerenderWith(<Probe id={b.task.id} log={log} options={QUIET} />);
    await flush();
    await act(async () => { await log.at(-1)![failsOnB](); });
    await flush();
    expect(log.at(-1)).toMatchObject({ task: { id: b.task.id }, error: { code } });
    release();
    await flush();
    await flush();
    a.stop(); b.stop();
    expect(log.at(-1)).toMatchObject({ task: { id: b.task.id }, error: { code } });
  });

  it('keeps a failed Cancel when the running task turns stuck (status unchanged, still cancellable)', async () => {
    const T: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 1 * MIN, heartbeatTimeoutMs: 2 * MIN };
    const source = createMemorySource({ realtime: false, types: { export: T } });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={QUIET} />);
    await flush();
    source.failNext(1, 'server');
    await act(() => log.at(-1)!.cancel());
    await flush();
    expect(log.at(-1)).toMatchObject({ error: { code: 'server' }, canRetry: false });
    await advance(3 * MIN); // silent worker: stuck, Retry offered; the Cancel still was not applied
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'stuck' }, canRetry: true, canCancel: true, isCancelling: false });
    expect(log.at(-1)?.error?.code).toBe('server');
  });
});
