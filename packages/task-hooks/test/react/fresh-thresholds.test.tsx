// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { focusManager } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskThresholds } from '../../src/core/types';
import type { TaskStatusResult, UseTaskStatusOptions } from '../../src/react';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, flush, renderWithSource, withFakeClock } from './harness';

// The source's thresholds change under an open page (an operator edits `task_types`): the page
// learns them at a task read once an interval (the safety interval, 30 s) has passed since it last
// read them, which a tab coming back to the front or back online sends, and at once when the
// server refuses a Retry with illegal_state.

withFakeClock();
afterEach(() => focusManager.setFocused(undefined));

const MIN = 60_000;
const SEED: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 15 * MIN, heartbeatTimeoutMs: 20 * MIN };
const LONG: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 45 * MIN, heartbeatTimeoutMs: 60 * MIN };

/**
 * A memory source whose `task_types` row for `export` is `now` (what the database, its reaper and
 * `retry_task`, judge by), but whose thresholds reads still answer `before` until `change()`: the
 * page loaded them before the operator's edit. `calls()` counts the reads; `fail` makes them fail.
 */
function editedTypes(before: Partial<TaskThresholds>, now: Partial<TaskThresholds>, realtime = false) {
  const source = createMemorySource({ realtime, types: { export: now } });
  const fetchThresholds = source.fetchThresholds;
  let edited = false;
  let calls = 0;
  const control = { fail: false };
  source.fetchThresholds = async (signal) => {
    calls += 1;
    if (control.fail) throw new TaskError('network', 'network: down');
    const read = await fetchThresholds(signal);
    return edited ? read : { ...read, export: { ...read.export!, ...before } };
  };
  return { source, control, change: () => void (edited = true), calls: () => calls };
}

/** An `export` task whose worker claimed it `silentMs` ago and has not beaten since. */
function silentTask(source: ReturnType<typeof editedTypes>['source'], silentMs: number) {
  const { task } = source.store.submit('export', {});
  source.worker.claim(task.id);
  return { id: task.id, mountIn: () => advance(silentMs) };
}

function mount(source: ReturnType<typeof editedTypes>['source'], id: string, options: UseTaskStatusOptions = {}) {
  const log: TaskStatusResult[] = [];
  const onStuck = vi.fn();
  const utils = renderWithSource(source, <Probe id={id} log={log} options={{ onStuck, liveElapsed: false, ...options }} />);
  return { log, onStuck, unmount: utils.unmount };
}

const healthStates = (log: TaskStatusResult[]) => log.map((r) => r.health.state).filter((s, i, all) => s !== all[i - 1]);

/** The tab goes to the background and comes back, as TanStack's focus manager reports it. */
const refocus = () =>
  act(async () => {
    focusManager.setFocused(false);
    focusManager.setFocused(true);
  });

describe('thresholds edited while a page is open', () => {
  it('a raised timeout reaches the page when it comes back to the front: no false "stuck", no onStuck', async () => {
    const { source, change, calls } = editedTypes(SEED, LONG);
    const task = silentTask(source, 12 * MIN);
    await task.mountIn();
    // Polled every 10 min: only the focus brings a read before the seed's 15 and 20 min pass.
    const { log, onStuck } = mount(source, task.id, { pollInterval: 10 * MIN });
    await advance(2 * MIN);
    expect(log.at(-1)).toMatchObject({ health: { state: 'ok' }, thresholds: { heartbeatTimeoutMs: 20 * MIN } });
    change();
    await advance(30_000);
    await refocus();
    await flush();
    expect(calls()).toBe(2);
    expect(log.at(-1)).toMatchObject({ health: { state: 'ok' }, thresholds: { heartbeatTimeoutMs: 60 * MIN } });
    await advance(28 * MIN); // 42.5 min of silence: past the old 20, within the new 45 / 60
    expect(healthStates(log)).toEqual(['ok']);
    expect(onStuck).not.toHaveBeenCalled();
  });

  it('a lowered timeout reaches the page when it is visible again, and the task is flagged within a second', async () => {
    const { source, change } = editedTypes(LONG, SEED);
    const task = silentTask(source, 12 * MIN);
    await task.mountIn();
    const { log, onStuck } = mount(source, task.id, { pollInterval: 30 * MIN });
    await advance(2 * MIN);
    change();
    await advance(8 * MIN - 1); // 22 min of silence: stuck for the database, not on the page's 60
    expect(healthStates(log)).toEqual(['ok']);
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); // jsdom reports 'visible'
    });
    await advance(1_000);
    expect(log.at(-1)).toMatchObject({ health: { state: 'stuck', reason: 'no_heartbeat' }, canRetry: true });
    expect(onStuck).toHaveBeenCalledTimes(1);
  });

  it('a page that stays in front learns the edit within a safety interval (30 s) of it', async () => {
    // Realtime: nothing but the safety poll reads the task, every 30 s.
    const { source, change } = editedTypes(SEED, LONG, true);
    const task = silentTask(source, 12 * MIN);
    await task.mountIn();
    const { log, onStuck } = mount(source, task.id);
    await advance(5_000);
    change();
    await advance(30_000);
    expect(log.at(-1)).toMatchObject({ thresholds: { heartbeatTimeoutMs: 60 * MIN } });
    await advance(20 * MIN);
    expect(healthStates(log)).toEqual(['ok']);
    expect(onStuck).not.toHaveBeenCalled();
  });

  it('a Retry the server refuses with illegal_state reads them again at once, and the Retry is no longer offered', async () => {
    const { source, change, calls } = editedTypes(SEED, LONG);
    const task = silentTask(source, 25 * MIN); // stuck on the page's 20 min, healthy for the database's 60
    await task.mountIn();
    const { log } = mount(source, task.id);
    await advance(1_000);
    expect(log.at(-1)).toMatchObject({ health: { state: 'stuck' }, canRetry: true });
    change(); // within the safety interval of the page's read: only the refusal tells it
    await advance(5_000);
    expect(calls()).toBe(1);
    await act(async () => {
      await log.at(-1)!.retry();
    });
    await advance(100);
    expect(calls()).toBe(2);
    expect(source.stats.calls.retry).toBe(1);
    expect(log.at(-1)).toMatchObject({
      health: { state: 'ok' },
      canRetry: false,
      thresholds: { heartbeatTimeoutMs: 60 * MIN },
      error: { code: 'illegal_state' },
    });
  });

  it('keeps the newer thresholds when an older read of them answers last', async () => {
    const { source, change, calls } = editedTypes(SEED, LONG);
    const read = source.fetchThresholds;
    // The interval's read (the second) is slow: it left before the edit and answers 10 s later.
    source.fetchThresholds = async (signal) => {
      const answer = read(signal);
      if (calls() === 2) await new Promise((resolve) => setTimeout(resolve, 10_000));
      return answer;
    };
    const task = silentTask(source, 25 * MIN);
    await task.mountIn();
    const { log, onStuck } = mount(source, task.id, { pollInterval: 2_000 });
    await advance(31_000); // a task read past the interval sends the slow read
    expect(calls()).toBe(2);
    change();
    await act(async () => {
      await log.at(-1)!.retry(); // refused: the newer read goes out and lands at once
    });
    await advance(100);
    expect(log.at(-1)).toMatchObject({ health: { state: 'ok' }, canRetry: false });
    const stuckCalls = onStuck.mock.calls.length;
    await advance(12_000); // the slow read lands with the thresholds from before the edit
    // Stuck until the refusal's read landed, then ok for good.
    expect(healthStates(log.slice(log.findIndex((r) => r.error?.code === 'illegal_state')))).toEqual(['stuck', 'ok']);
    expect(onStuck).toHaveBeenCalledTimes(stuckCalls);
  });

  it('sends one read of them for Retries refused together', async () => {
    const { source, change, calls } = editedTypes(SEED, LONG);
    const tasks = [silentTask(source, 0), silentTask(source, 0)];
    await tasks[0]!.mountIn();
    await advance(25 * MIN);
    const logs: TaskStatusResult[][] = [[], []];
    renderWithSource(source, tasks.map((t, i) => <Probe key={t.id} id={t.id} log={logs[i]!} options={{ liveElapsed: false }} />));
    await advance(1_000);
    change();
    await act(async () => {
      await Promise.all(logs.map((log) => log.at(-1)!.retry()));
    });
    await advance(100);
    expect(source.stats.calls.retry).toBe(2);
    expect(calls()).toBe(2);
    for (const log of logs) expect(log.at(-1)).toMatchObject({ health: { state: 'ok' }, canRetry: false });
  });

  it('sends no more than one thresholds read per safety interval however often the tab flaps', async () => {
    const { source, calls } = editedTypes(SEED, SEED);
    const task = silentTask(source, 0);
    mount(source, task.id, { pollInterval: 10 * MIN });
    await flush();
    expect(calls()).toBe(1);
    for (let s = 1; s <= 75; s += 1) {
      await advance(1_000);
      await refocus();
    }
    await flush();
    // One at mount, then one at the first focus 30 s after each: at 30 s and 60 s.
    expect(source.stats.fetchBatches.length).toBeGreaterThanOrEqual(75);
    expect(calls()).toBe(3);
  });

  it('keeps the thresholds it has when a read of them fails, reads them after the next task read, and leaves nothing after unmount', async () => {
    const { source, control, change, calls } = editedTypes(SEED, LONG);
    const task = silentTask(source, 12 * MIN);
    await task.mountIn();
    const { log, unmount } = mount(source, task.id, { pollInterval: 10 * MIN });
    await advance(MIN);
    change();
    control.fail = true; // the network drops as the tab comes back
    await refocus();
    await flush();
    expect(calls()).toBe(2);
    expect(log.at(-1)).toMatchObject({ thresholds: { heartbeatTimeoutMs: 20 * MIN } }); // not the seed defaults: the ones loaded
    await advance(30_000);
    expect(calls()).toBe(2); // no timer of its own: it waits for a task read
    control.fail = false;
    await refocus();
    await flush();
    expect(calls()).toBe(3);
    expect(log.at(-1)).toMatchObject({ health: { state: 'ok' }, thresholds: { heartbeatTimeoutMs: 60 * MIN } });
    unmount();
    await advance(1_000);
    expect(vi.getTimerCount()).toBe(0);
    await refocus();
    await advance(60 * MIN);
    expect(calls()).toBe(3);
  });
});

describe('reading them again costs no renders and no storm', () => {
  it('renders nothing when a read of them brings the same thresholds', async () => {
    const { source, calls } = editedTypes(LONG, LONG);
    const { task } = source.store.submit('export', {}); // pending: nothing changes for minutes
    const { log } = mount(source, task.id, { pollInterval: 2_000 });
    await advance(5_000);
    const renders = log.length;
    await advance(60_000);
    expect(calls()).toBe(3); // at start, then once per 30 s
    expect(log.length).toBe(renders);
  });

  it('sends one read of them per interval, not one per task read, when they fail after loading once', async () => {
    const { source, control, calls } = editedTypes(LONG, LONG);
    const { task } = source.store.submit('export', {});
    mount(source, task.id, { pollInterval: 2_000 });
    await advance(1_000);
    expect(calls()).toBe(1);
    control.fail = true;
    await advance(60_000); // 30 task reads
    expect(calls()).toBe(3);
  });

  it('does not judge on the seed defaults when its first read is overtaken by a newer one', async () => {
    const { source, calls } = editedTypes(LONG, LONG);
    const read = source.fetchThresholds;
    const latency = [5_000, 15_000];
    source.fetchThresholds = async (signal) => {
      const answer = read(signal);
      await new Promise((resolve) => setTimeout(resolve, latency[calls() - 1] ?? 0));
      return answer;
    };
    const task = silentTask(source, 25 * MIN); // stuck on the seed's 20 min, healthy on the type's 60
    await task.mountIn();
    const { log, onStuck } = mount(source, task.id);
    await advance(1_000);
    await act(async () => {
      await log.at(-1)!.retry(); // refused: the task is healthy; a second read of them goes out
    });
    await advance(20_000); // the first lands at 5 s, overtaken; the second at 16 s
    expect(calls()).toBe(2);
    expect(healthStates(log)).toEqual(['ok']);
    expect(onStuck).not.toHaveBeenCalled();
  });
});

describe('reads of them that fail or overlap', () => {
  it('applies a good first answer even when a newer read, sent before it landed, fails', async () => {
    const { source } = editedTypes(LONG, LONG);
    const read = source.fetchThresholds;
    let calls = 0;
    source.fetchThresholds = async (signal) => {
      const call = (calls += 1);
      if (call === 2) throw new TaskError('network', 'network: down'); // the refusal's read
      const answer = read(signal);
      await new Promise((resolve) => setTimeout(resolve, call === 1 ? 5_000 : 0));
      return answer;
    };
    const task = silentTask(source, 50 * MIN); // slow on the type's 45 / 60 min (stuck on the seed's 20)
    await task.mountIn();
    const { log } = mount(source, task.id, { pollInterval: 10 * MIN });
    await advance(1_000);
    await act(async () => {
      await log.at(-1)!.retry(); // refused, the task is not stuck: a second read goes out and fails
    });
    expect(calls).toBe(2);
    await advance(5_000); // the first answer lands
    expect(log.at(-1)).toMatchObject({ health: { state: 'slow' }, thresholds: { heartbeatTimeoutMs: 60 * MIN } });
  });

  it('sends no read of them after every task read while they have never loaded', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // the backoff's jitter, fixed
    const { source, control, calls } = editedTypes(LONG, LONG);
    control.fail = true;
    const { task } = source.store.submit('export', {});
    mount(source, task.id, { pollInterval: 2_000 });
    await advance(60_000); // 30 task reads
    // The first read, one retry after a task read, then health is judged on the defaults and the
    // polls' backoff takes over (half of 2 s doubling to 30 s): 8 in all, not one per task read.
    expect(calls()).toBeGreaterThanOrEqual(3); // it keeps trying
    expect(calls()).toBeLessThanOrEqual(9);
  });

  it('sends nothing after unmount, even when a failing first read answers after a task read', async () => {
    const { source } = editedTypes(LONG, LONG);
    let calls = 0;
    source.fetchThresholds = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      throw new TaskError('network', 'network: down');
    };
    const { task } = source.store.submit('export', {});
    const { unmount } = mount(source, task.id, { pollInterval: 1_000 });
    await advance(2_000); // task reads land while the first read of them is out
    unmount();
    await advance(60_000);
    expect(calls).toBe(1);
  });
});
