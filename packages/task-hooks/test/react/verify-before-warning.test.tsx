// @vitest-environment jsdom
import { onlineManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { taskKeys } from '../../src/core/keys';
import type { ThresholdsByType } from '../../src/core/thresholds';
import type { TaskRow } from '../../src/core/types';
import { useTaskContext } from '../../src/react/context';
import type { TaskClient } from '../../src/react/task-client';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskStatus, type UseTaskStatusOptions } from '../../src/react/use-task-status';
import { useTasks, type TaskSummary } from '../../src/react/use-tasks';
import { createMemorySource, type MemorySource, type MemorySourceOptions } from '../../src/testing/memory-source';
import { advance, flush, freshQueryClient, renderWithSource, withFakeClock } from './harness';

const WARN = 3_000;
const STUCK = 8_000;
const THRESHOLDS: ThresholdsByType = { default: { heartbeatWarnAfterMs: WARN, heartbeatTimeoutMs: STUCK } };

withFakeClock();

const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** A realtime channel that reports itself healthy but loses every push (missed Realtime events). */
function deafSource(options: MemorySourceOptions = {}): MemorySource {
  const memory = createMemorySource(options);
  return Object.assign(Object.create(memory) as MemorySource, {
    subscribe: (handlers: Parameters<NonNullable<MemorySource['subscribe']>>[0]) =>
      memory.subscribe!({ ...handlers, onHint: () => {} }),
  });
}

/** A claimed task; with `beatEveryMs`, its worker beats on that period until the test ends. */
function runningTask(source: MemorySource, beatEveryMs?: number): TaskRow {
  const { task } = source.store.submit('export', {});
  const claimed = source.worker.claim(task.id)!;
  if (beatEveryMs) {
    const timer = setInterval(() => source.worker.heartbeat(task.id, claimed.attempt), beatEveryMs);
    stops.push(() => clearInterval(timer));
  }
  return claimed;
}

interface Seen {
  at: number;
  state: string;
  heartbeatAt: string | null | undefined;
}

/** Renders `useTaskStatus` and records each state with the (fake) time it was rendered at. */
function Timed({ id, log, options }: { id: string; log: Seen[]; options?: UseTaskStatusOptions }) {
  const r: TaskStatusResult = useTaskStatus(id, { liveElapsed: false, ...options });
  log.push({ at: Date.now(), state: `${r.status}/${r.health.state}`, heartbeatAt: r.task?.heartbeat_at });
  return null;
}

/** The states in order, each with the time it first showed. */
const transitions = (log: Seen[]) => log.filter((s, i) => s.state !== log[i - 1]?.state);
const firstAt = (log: Seen[], state: string) => log.find((s) => s.state === state)?.at;

describe('a warning that time alone raised rests on a read sent after the threshold', () => {
  it('reads the task again at the crossing and stays ok for a worker that beat meanwhile (one request for every hook)', async () => {
    const source = deafSource();
    const start = Date.now();
    const task = runningTask(source, 500);
    const logs: Seen[][] = [[], [], []];
    renderWithSource(source, logs.map((log, i) => <Timed key={i} id={task.id} log={log} />), { thresholds: THRESHOLDS, strict: true });
    await advance(WARN - 100);
    const before = source.stats.fetchBatches.length;
    expect(logs[0]!.at(-1)?.state).toBe('processing/ok');
    await advance(200); // the copy from the mount read crosses "no heartbeat for 3 s" here
    for (const log of logs) expect(transitions(log).map((s) => s.state)).toEqual(['loading/ok', 'processing/ok']);
    expect(source.stats.fetchBatches.slice(before)).toEqual([[task.id]]);
    expect(Date.parse(logs[0]!.at(-1)!.heartbeatAt!)).toBe(start + WARN); // the beat the fresh read brought
    // Every later crossing is confirmed the same way; the safety poll stays 30 s away.
    await advance(20_000);
    for (const log of logs) expect(transitions(log).map((s) => s.state)).toEqual(['loading/ok', 'processing/ok']);
  });

  it('shows a dead worker slow, then stuck, once the fresh read lands, within 1 s of each threshold', async () => {
    const LATENCY = 200;
    const source = createMemorySource({ realtime: false, latencyMs: LATENCY });
    const start = Date.now();
    const task = runningTask(source);
    const log: Seen[] = [];
    renderWithSource(source, <Timed id={task.id} log={log} options={{ pollInterval: 600_000 }} />, { thresholds: THRESHOLDS });
    await advance(WARN - 100);
    const before = source.stats.fetchBatches.length;
    await advance(STUCK + 2_000);
    expect(transitions(log).map((s) => s.state)).toEqual(['loading/ok', 'processing/ok', 'processing/slow', 'processing/stuck']);
    // One read per crossing, none else (the poll is 10 min away).
    expect(source.stats.fetchBatches.slice(before)).toEqual([[task.id], [task.id]]);
    // Not before the read sent at the crossing (judged error margin + 1 ms late) came back, not a second late.
    const margin = LATENCY / 2;
    for (const [state, threshold] of [['processing/slow', WARN], ['processing/stuck', STUCK]] as const) {
      const shownAfter = firstAt(log, state)! - start;
      expect(shownAfter).toBeGreaterThanOrEqual(threshold + margin + 1 + LATENCY);
      expect(shownAfter).toBeLessThanOrEqual(threshold + 1_000);
    }
  });

  const never = (): Promise<TaskRow[]> => new Promise(() => {});
  it.each([
    ['rejects', (source: MemorySource): void => source.setOffline(true)],
    ['never answers', (source: MemorySource): void => void (source.fetchTasks = never)],
  ] as const)('shows the verdict one window after the crossing when the read %s', async (_, breakNetwork) => {
    const memory = createMemorySource({ realtime: false });
    const source = Object.create(memory) as MemorySource;
    const start = Date.now();
    const task = runningTask(memory);
    const log: Seen[] = [];
    renderWithSource(source, <Timed id={task.id} log={log} options={{ pollInterval: 600_000 }} />, { thresholds: THRESHOLDS });
    await advance(1_000);
    breakNetwork(source);
    // The copy crosses the threshold at WARN (seen 1 ms later: the judging delay); its read fails.
    await advance(start + WARN + 250 - Date.now());
    expect(log.at(-1)?.state).toBe('processing/ok');
    await advance(start + WARN + 500 - Date.now());
    expect(log.at(-1)?.state).toBe('processing/ok');
    await advance(1); // one window (the default, 500 ms) after the crossing, unconfirmed
    expect(log.at(-1)?.state).toBe('processing/slow');
    expect(firstAt(log, 'processing/slow')! - start).toBe(WARN + 500 + 1);
  });

  /** The device loses its network: the browser says so and every read fails. */
  const goOffline = (memory: MemorySource, offline: boolean) =>
    act(() => {
      memory.setOffline(offline);
      onlineManager.setOnline(!offline);
    });

  it.each([
    ['a live worker: ok all along, no flash when the device is back', 1_000, ['processing/ok']],
    ['a dead worker: ok while offline (nothing new is known), stuck at the first read back', undefined, ['processing/ok', 'processing/stuck']],
  ] as const)('holds health at the last read while the device is offline — %s', async (_, beatEveryMs, expected) => {
    const memory = createMemorySource({ realtime: false, latencyMs: 100 });
    const task = runningTask(memory, beatEveryMs);
    const log: Seen[] = [];
    renderWithSource(memory, <Timed id={task.id} log={log} options={{ pollInterval: 1_000 }} />, { thresholds: THRESHOLDS });
    await advance(1_000);
    expect(log.at(-1)?.state).toBe('processing/ok');
    await goOffline(memory, true);
    await advance(STUCK + 5_000); // far past both thresholds of the last row read
    expect(log.at(-1)?.state).toBe('processing/ok');
    const backAt = Date.now();
    await goOffline(memory, false);
    await advance(2_000);
    expect(transitions(log).map((s) => s.state).filter((state) => state !== 'loading/ok')).toEqual(expected);
    if (!beatEveryMs) expect(firstAt(log, 'processing/stuck')! - backAt).toBeLessThanOrEqual(1_000);
  });

  it('shows the verdict one window after the device is back when no read lands by then', async () => {
    const memory = createMemorySource({ realtime: false });
    const task = runningTask(memory); // never beats
    const log: Seen[] = [];
    renderWithSource(memory, <Timed id={task.id} log={log} options={{ pollInterval: 1_000 }} />, { thresholds: THRESHOLDS });
    await advance(1_000);
    await goOffline(memory, true);
    await advance(STUCK + 5_000);
    const backAt = Date.now();
    act(() => onlineManager.setOnline(true)); // the browser says online, but the server stays unreachable
    await advance(499);
    expect(log.at(-1)?.state).toBe('processing/ok');
    await advance(2);
    expect(log.at(-1)?.state).toBe('processing/stuck');
    expect(firstAt(log, 'processing/stuck')! - backAt).toBeLessThanOrEqual(501);
    memory.setOffline(false);
  });

  it('keeps a verdict a read confirmed before the device went offline', async () => {
    const memory = createMemorySource({ realtime: false });
    const task = runningTask(memory); // never beats
    const log: Seen[] = [];
    renderWithSource(memory, <Timed id={task.id} log={log} options={{ pollInterval: 1_000 }} />, { thresholds: THRESHOLDS });
    await advance(WARN + 1_500);
    expect(log.at(-1)?.state).toBe('processing/slow');
    await goOffline(memory, true);
    await advance(STUCK);
    expect(log.at(-1)?.state).toBe('processing/slow');
    await goOffline(memory, false);
  });

  it('judges from the cached row alone with verifyWindowMs: 0', async () => {
    const source = deafSource();
    const start = Date.now();
    const task = runningTask(source, 500);
    const log: Seen[] = [];
    renderWithSource(source, <Timed id={task.id} log={log} />, { thresholds: THRESHOLDS, verifyWindowMs: 0 });
    await advance(WARN + 100);
    expect(transitions(log).map((s) => s.state)).toEqual(['loading/ok', 'processing/ok', 'processing/slow']);
    expect(firstAt(log, 'processing/slow')! - start).toBe(WARN + 1);
  });

  it('applies the same rule in useTasks: one request for every crossing task, the live one stays ok', async () => {
    const source = deafSource();
    const alive = runningTask(source, 500);
    const dead = runningTask(source);
    const seen = new Map<string, string[]>();
    function List() {
      for (const t of useTasks([alive.id, dead.id], { liveElapsed: false }).tasks as TaskSummary[]) {
        const states = seen.get(t.id) ?? [];
        const state = `${t.status}/${t.health.state}`;
        if (states.at(-1) !== state) states.push(state);
        seen.set(t.id, states);
      }
      return null;
    }
    renderWithSource(source, <List />, { thresholds: THRESHOLDS });
    await advance(WARN - 100);
    const before = source.stats.fetchBatches.length;
    await advance(200);
    expect(seen.get(alive.id)).toEqual(['loading/ok', 'processing/ok']);
    expect(seen.get(dead.id)).toEqual(['loading/ok', 'processing/ok', 'processing/slow']);
    expect(source.stats.fetchBatches.slice(before)).toEqual([[alive.id, dead.id]]);
  });

  it('records when the read behind the row was sent, keeps it across a StrictMode remount and while the row is cached', async () => {
    const source = createMemorySource({ realtime: false });
    const task = runningTask(source);
    const other = source.store.submit('other', {}).task;
    let client: TaskClient | undefined;
    function Grab() {
      client = useTaskContext().client;
      return null;
    }
    const log: Seen[] = [];
    const sentAt = Date.now();
    const queryClient = freshQueryClient();
    const { rerenderWith } = renderWithSource(source, <><Grab /><Timed id={task.id} log={log} /></>, { strict: true, queryClient });
    await flush();
    expect(client!.readSentAt(task.id)).toBe(sentAt);
    await advance(2_500); // the 2 s poll
    expect(client!.readSentAt(task.id)).toBe(sentAt + 2_000);
    // Unwatched, its cached row still rests on that read: a hook mounted over it judges from it.
    act(() => rerenderWith(<><Grab /><Timed id={other.id} log={[]} /></>));
    await flush();
    expect(client!.readSentAt(task.id)).toBe(sentAt + 2_000);
    // Gone from the cache, it is forgotten at the next release.
    queryClient.removeQueries({ queryKey: taskKeys.task(task.id) });
    act(() => rerenderWith(<Grab />));
    await flush();
    expect(client!.readSentAt(task.id)).toBeUndefined();
  });

  it('confirms a hydrated row already past a threshold with the mount read alone, no second request', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 50 });
    const task = runningTask(source); // a dead worker: no beat after the claim
    await advance(WARN + 1_000);
    const queryClient = freshQueryClient();
    queryClient.setQueryData(taskKeys.task(task.id), task); // as a server prefetch would hand it over
    source.resetStats();
    const log: Seen[] = [];
    renderWithSource(source, <Timed id={task.id} log={log} />, { thresholds: THRESHOLDS, queryClient });
    await advance(500);
    expect(transitions(log).map((s) => s.state)).toEqual(['processing/ok', 'processing/slow']);
    // No read of this client brought the hydrated copy, so the verdict waits for one; the read every
    // mount sends is that read, and nothing else is asked for.
    expect(source.stats.fetchBatches).toEqual([[task.id]]);
  });
});
