// @vitest-environment jsdom
import { act } from '@testing-library/react';
import type { ComponentType } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskRow, TaskThresholds } from '../../src/core/types';
import { useTaskStatus } from '../../src/react/use-task-status';
import { useTasks } from '../../src/react/use-tasks';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

// A verdict made worse by lower thresholds is confirmed like one made worse by time (see
// verify-before-warning.test.tsx): by a read sent after the change, or shown one window late.

/** Thresholds under which a row whose last heartbeat is 10 s old is healthy... */
const LENIENT: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 60_000, heartbeatTimeoutMs: 120_000 };
/** ...and under which it is stuck. */
const STRICT: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 };
const WINDOW = 500; // the default verifyWindowMs
const LATENCY = 100;
/** Far away: every read after the mount one is a read the verdict asked for. */
const POLL = 600_000;

withFakeClock();

const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** A claimed task; with `beating`, its worker beats every 500 ms until the test ends. */
function runningTask(source: MemorySource, beating: boolean): TaskRow {
  const { task } = source.store.submit('export', {});
  const claimed = source.worker.claim(task.id)!;
  if (beating) {
    const timer = setInterval(() => source.worker.heartbeat(task.id, claimed.attempt), 500);
    stops.push(() => clearInterval(timer));
  }
  return claimed;
}

interface Seen {
  at: number;
  state: string;
}

interface WatcherProps {
  id: string;
  log: Seen[];
  thresholds?: Partial<TaskThresholds>;
  onStuck?: () => void;
}

/** `useTaskStatus`, recording each state with the (fake) time it was rendered at. */
function StatusWatcher({ id, log, thresholds, onStuck }: WatcherProps) {
  const r = useTaskStatus(id, { liveElapsed: false, pollInterval: POLL, thresholds, onStuck });
  log.push({ at: Date.now(), state: `${r.status}/${r.health.state}` });
  return null;
}

/** `useTasks` with the one id, recording the same way (it has no `onStuck`: its states tell). */
function ListWatcher({ id, log, thresholds }: WatcherProps) {
  const [t] = useTasks([id], { liveElapsed: false, pollInterval: POLL, thresholds }).tasks;
  log.push({ at: Date.now(), state: `${t!.status}/${t!.health.state}` });
  return null;
}

const hooks = [
  ['useTaskStatus', StatusWatcher],
  ['useTasks', ListWatcher],
] as const satisfies ReadonlyArray<readonly [string, ComponentType<WatcherProps>]>;

const states = (log: Seen[]) => log.map((s) => s.state).filter((state, i, all) => state !== all[i - 1]);
const firstAt = (log: Seen[], state: string) => log.find((s) => s.state === state)?.at;

/**
 * Mounts `Watcher` under LENIENT thresholds, lets the cached row (read at mount) age 10 s with no
 * read, then switches the hook to STRICT. Returns when the switch rendered.
 */
async function lowerThresholds(Watcher: ComponentType<WatcherProps>, source: MemorySource, task: TaskRow) {
  const log: Seen[] = [];
  const onStuck = vi.fn();
  const node = (thresholds: Partial<TaskThresholds>) => <Watcher id={task.id} log={log} thresholds={thresholds} onStuck={onStuck} />;
  const { rerenderWith } = renderWithSource(source, node(LENIENT));
  await advance(10_000);
  expect(log.at(-1)?.state).toBe('processing/ok');
  const readsBefore = source.stats.fetchBatches.length;
  const changedAt = Date.now();
  act(() => rerenderWith(node(STRICT)));
  return { log, onStuck, changedAt, readsAfter: () => source.stats.fetchBatches.slice(readsBefore) };
}

describe.each(hooks)('%s: a verdict that lower thresholds made worse waits for a read sent after the change', (_, Watcher) => {
  it('stays ok for a worker that beat meanwhile: the fresh read clears it, onStuck is not called', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: LATENCY });
    const task = runningTask(source, true);
    const { log, onStuck, readsAfter } = await lowerThresholds(Watcher, source, task);
    await advance(10_000);
    expect(states(log)).toEqual(['loading/ok', 'processing/ok']);
    expect(onStuck).not.toHaveBeenCalled();
    // The read the change asked for (the poll is 10 min away), then one per crossing of STRICT's warning.
    expect(readsAfter()[0]).toEqual([task.id]);
  });

  it('shows a dead worker stuck once the fresh read lands, not before', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: LATENCY });
    const task = runningTask(source, false);
    const { log, changedAt, readsAfter } = await lowerThresholds(Watcher, source, task);
    await advance(2_000);
    expect(states(log)).toEqual(['loading/ok', 'processing/ok', 'processing/stuck']);
    expect(readsAfter()).toEqual([[task.id]]);
    const shownAfter = firstAt(log, 'processing/stuck')! - changedAt;
    expect(shownAfter).toBeGreaterThanOrEqual(LATENCY);
    expect(shownAfter).toBeLessThan(WINDOW);
  });

  it('shows the verdict one window after the change when the read never answers', async () => {
    const memory = createMemorySource({ realtime: false });
    const source = Object.create(memory) as MemorySource;
    const task = runningTask(memory, false);
    const { log, changedAt } = await lowerThresholds(Watcher, source, task);
    source.fetchTasks = () => new Promise(() => {});
    await advance(WINDOW - 1);
    expect(log.at(-1)?.state).toBe('processing/ok');
    await advance(2);
    expect(log.at(-1)?.state).toBe('processing/stuck');
    // The window, plus the 1 ms health is judged late (see `useClientState`).
    expect(firstAt(log, 'processing/stuck')! - changedAt).toBeLessThanOrEqual(WINDOW + 1);
  });

  it('shows a verdict that higher thresholds made better at once', async () => {
    const source = createMemorySource({ realtime: false });
    const task = runningTask(source, false);
    const log: Seen[] = [];
    const node = (thresholds: Partial<TaskThresholds>) => <Watcher id={task.id} log={log} thresholds={thresholds} />;
    const { rerenderWith } = renderWithSource(source, node(STRICT));
    await advance(10_000);
    expect(log.at(-1)?.state).toBe('processing/stuck');
    const changedAt = Date.now();
    act(() => rerenderWith(node(LENIENT)));
    expect(log.at(-1)).toEqual({ at: changedAt, state: 'processing/ok' });
  });

  it('waits the same way when the source thresholds arrive after the row was read', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: LATENCY, types: { export: STRICT } });
    const start = Date.now();
    const fetchThresholds = source.fetchThresholds;
    let arrivedAt: number | undefined;
    source.fetchThresholds = async (signal) => {
      // Refused for 10 s (the network was down at page load), so the seed defaults stand meanwhile.
      if (Date.now() - start < 10_000) throw new TaskError('network', 'network: down');
      const thresholds = await fetchThresholds(signal);
      arrivedAt = Date.now();
      return thresholds;
    };
    const task = runningTask(source, true);
    const log: Seen[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Watcher id={task.id} log={log} onStuck={onStuck} />);
    await advance(60_000);
    expect(arrivedAt! - start).toBeGreaterThan(10_000); // the cached row was then over 8 s old
    expect(states(log)).toEqual(['loading/ok', 'processing/ok']);
    expect(onStuck).not.toHaveBeenCalled();
  });
});

/**
 * Mounts `Watcher` under STRICT thresholds, unmounts it once the row is read, lets the cached copy
 * age 60 s with no hook watching, then mounts it again over that copy.
 */
async function remount(Watcher: ComponentType<WatcherProps>, source: MemorySource, task: TaskRow) {
  const log: Seen[] = [];
  const onStuck = vi.fn();
  const node = <Watcher id={task.id} log={log} thresholds={STRICT} onStuck={onStuck} />;
  const { rerenderWith } = renderWithSource(source, node);
  await advance(LATENCY * 2);
  expect(log.at(-1)?.state).toBe('processing/ok');
  act(() => rerenderWith(null));
  await advance(60_000);
  const mountedAt = Date.now();
  log.length = 0;
  act(() => rerenderWith(node));
  return { log, onStuck, mountedAt };
}

describe.each(hooks)('%s: mounted again over a copy cached before a threshold passed', (_, Watcher) => {
  it('stays ok for a worker that beat meanwhile: the mount read clears it, onStuck is not called', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: LATENCY });
    const task = runningTask(source, true);
    const { log, onStuck } = await remount(Watcher, source, task);
    await advance(2_000);
    expect(states(log)).toEqual(['processing/ok']);
    expect(onStuck).not.toHaveBeenCalled();
  });

  it('shows a dead worker stuck once the mount read lands', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: LATENCY });
    const task = runningTask(source, false);
    const { log, onStuck, mountedAt } = await remount(Watcher, source, task);
    await advance(2_000);
    expect(states(log)).toEqual(['processing/ok', 'processing/stuck']);
    const shownAfter = firstAt(log, 'processing/stuck')! - mountedAt;
    expect(shownAfter).toBeGreaterThanOrEqual(LATENCY);
    expect(shownAfter).toBeLessThan(WINDOW);
    if (Watcher === StatusWatcher) expect(onStuck).toHaveBeenCalledTimes(1);
  });
});

describe('many hooks on one task', () => {
  it('ask for one read between them when their thresholds are lowered together', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: LATENCY });
    const task = runningTask(source, true);
    const logs: Seen[][] = [[], [], [], []];
    const node = (thresholds: Partial<TaskThresholds>) => [
      ...logs.slice(1).map((log, i) => <StatusWatcher key={i} id={task.id} log={log} thresholds={thresholds} />),
      <ListWatcher key="list" id={task.id} log={logs[0]!} thresholds={thresholds} />,
    ];
    const { rerenderWith } = renderWithSource(source, node(LENIENT), { strict: true });
    await advance(10_000);
    const before = source.stats.fetchBatches.length;
    act(() => rerenderWith(node(STRICT)));
    await advance(LATENCY * 2);
    expect(source.stats.fetchBatches.slice(before)).toEqual([[task.id]]);
    for (const log of logs) expect(states(log)).toEqual(['loading/ok', 'processing/ok']);
  });
});
