// @vitest-environment jsdom
import { onlineManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { Suspense, startTransition, useLayoutEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TaskThresholds } from '../../src/core/types';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskStatus } from '../../src/react/use-task-status';
import { useTasks } from '../../src/react/use-tasks';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

// When a hook began judging a row (`judgedFrom`, see judge.ts) must not move for anything but a
// remount over a cached row or changed thresholds: not for the row's first arrival, and not for a
// render React threw away. And remembering the reads behind cached rows must stay cheap.

const STRICT: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 };
const POLL = 600_000;

withFakeClock();
const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** A claimed task whose worker never beats. */
function deadTask(source: MemorySource, type = 'export') {
  const { task } = source.store.submit(type, {});
  return source.worker.claim(task.id)!;
}

interface Seen {
  at: number;
  state: string;
}

/** Records each state `useTaskStatus` shows, once committed (a render thrown away shows nothing). */
function Watch({ id, log, ticking = false }: { id: string; log: Seen[]; ticking?: boolean }) {
  const r = useTaskStatus(id, { liveElapsed: ticking, pollInterval: POLL });
  const state = `${r.status}/${r.health.state}`;
  useLayoutEffect(() => {
    if (log.at(-1)?.state !== state) log.push({ at: Date.now(), state });
  });
  return null;
}

describe('a row whose type brings thresholds of its own', () => {
  it('is flagged when its first, slow read lands, as before: the arrival of those thresholds is no change', async () => {
    const source = createMemorySource({ realtime: false, types: { export: STRICT, other: {} } });
    // Another task keeps the server clock known, as on any page already showing a task.
    const keeper = deadTask(source, 'other');
    const task = deadTask(source);
    const log: Seen[] = [];
    const { rerenderWith } = renderWithSource(source, <Watch id={keeper.id} log={[]} />);
    await advance(7_800); // the task now turns stuck (no beat for 8 s) 200 ms into the next read
    source.setLatency(1_200);
    const mountedAt = Date.now();
    act(() => rerenderWith(<><Watch id={keeper.id} log={[]} /><Watch id={task.id} log={log} /></>));
    await advance(3_000);
    expect(log.map((s) => [s.at - mountedAt, s.state])).toEqual([
      [0, 'loading/ok'],
      [1_200, 'processing/stuck'],
    ]);
  });
});

describe('a render React throws away', () => {
  it('does not take back a stuck verdict shown unconfirmed', async () => {
    const source = createMemorySource({ realtime: false, types: { export: STRICT } });
    const task = deadTask(source);
    const other = deadTask(source);
    const log: Seen[] = [];
    let setView: Dispatch<SetStateAction<{ id: string; suspend: boolean }>> = () => {};
    const never = new Promise<never>(() => {});
    function Suspends({ when }: { when: boolean }) {
      if (when) throw never;
      return null;
    }
    function Page() {
      const [view, set] = useState({ id: task.id, suspend: false });
      setView = set;
      return (
        <Suspense fallback={null}>
          {/* Ticking: it renders again every second, on the screen React kept. */}
          <Watch id={view.id} log={log} ticking />
          <Suspends when={view.suspend} />
        </Suspense>
      );
    }
    renderWithSource(source, <Page />);
    await advance(1_000);
    // Reads fail from now on: the verdict can only show unconfirmed, a window after the threshold.
    source.failNext(1_000, 'server');
    await advance(9_000);
    expect(log.at(-1)?.state).toBe('processing/stuck');
    const shown = log.length;
    // A transition to another task that suspends for good: React renders it, then keeps the old screen.
    act(() => startTransition(() => setView({ id: other.id, suspend: true })));
    await advance(2_000);
    expect(log.slice(shown).filter((s) => s.state !== 'processing/stuck')).toEqual([]);
  });
});

describe('the reads behind cached rows', () => {
  it('are remembered at a cost that grows with the list, not with its square, when a long list unmounts', async () => {
    const source = createMemorySource({ realtime: false });
    const ids = Array.from({ length: 300 }, () => deadTask(source).id);
    function List() {
      useTasks(ids, { liveElapsed: false, pollInterval: POLL });
      return null;
    }
    const { rerenderWith, queryClient } = renderWithSource(source, <List />);
    await advance(100);
    const lookups = vi.spyOn(queryClient, 'getQueryData');
    act(() => rerenderWith(null));
    await advance(0);
    expect(lookups.mock.calls.length).toBeLessThan(ids.length * 3);
  });
});

describe('a row set by hand (an action)', () => {
  it('keeps the read it rests on, so the offline hold still holds it', async () => {
    const source = createMemorySource({ realtime: false, types: { export: STRICT } });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    const beat = setInterval(() => source.worker.heartbeat(task.id, attempt), 1_000);
    stops.push(() => clearInterval(beat));
    const results: TaskStatusResult[] = [];
    function Probe() {
      results.push(useTaskStatus(task.id, { liveElapsed: false, pollInterval: 2_000 }));
      return null;
    }
    renderWithSource(source, <Probe />);
    await advance(3_000);
    expect(results.at(-1)?.health.state).toBe('ok');
    act(() => {
      source.setOffline(true);
      onlineManager.setOnline(false);
    });
    // Pressed offline, the cancel fails as `network` and its optimistic row is rolled back by hand.
    await act(async () => {
      await results.at(-1)!.cancel();
    });
    expect(results.at(-1)?.error?.code).toBe('network');
    await advance(20_000);
    // Offline, nothing new is known: health rests on the last read, as without the cancel.
    expect(results.at(-1)?.health.state).toBe('ok');
  });
});

describe('a row read before the server clock was known', () => {
  it('waits for a confirming read once the clock is known, not shown slow or stuck from its old copy', async () => {
    const source = createMemorySource({ realtime: false, types: { export: { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 3_000 } } });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    const beat = setInterval(() => source.worker.heartbeat(task.id, attempt), 2_000);
    stops.push(() => clearInterval(beat));
    const serverTime = source.serverTime;
    let slowed = false;
    // The first clock sample answers 5 s late: health is judged from then, the row read at mount
    // being past its timeout by that time.
    source.serverTime = async (signal) => {
      if (!slowed) {
        slowed = true;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
      return serverTime(signal);
    };
    const onStuck = vi.fn();
    const log: string[] = [];
    function Probe() {
      const r = useTaskStatus(task.id, { liveElapsed: false, pollInterval: 10_000, onStuck });
      log.push(r.health.state);
      return null;
    }
    renderWithSource(source, <Probe />);
    await advance(8_000);
    expect(log.filter((state) => state !== 'ok')).toEqual([]);
    expect(onStuck).not.toHaveBeenCalled();
  });
});
