// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { focusManager, onlineManager } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskStatus } from '../../src/react/use-task-status';
import { useTasks } from '../../src/react/use-tasks';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { advance, flush, renderWithSource, withFakeClock } from './harness';

const renders = new Map<string, number>();
function Watch({ id, log }: { id: string; log?: TaskStatusResult[] }) {
  const result = useTaskStatus(id, { liveElapsed: false });
  renders.set(id, (renders.get(id) ?? 0) + 1);
  log?.push(result);
  return null;
}

async function submitMany(source: MemorySource, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push((await source.submit('export', { i })).task.id);
  return ids;
}

withFakeClock();
beforeEach(() => renders.clear());

describe('polling', () => {
  it.each([
    ['a hook', 0],
    ['a hook', Number.NaN],
    ['a hook', Number.POSITIVE_INFINITY],
    ['the provider', 0],
  ])('polls at the default interval, not in a loop, when %s is given a pollInterval of %s', async (where, pollInterval) => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    function Hook() {
      useTaskStatus(task.id, where === 'a hook' ? { liveElapsed: false, pollInterval } : { liveElapsed: false });
      return null;
    }
    renderWithSource(source, <Hook />, where === 'the provider' ? { pollInterval } : {});
    await flush();
    source.resetStats();
    await advance(10_000);
    expect(source.stats.fetchBatches).toHaveLength(5); // every 2 s
  });

  it('coalesces 100 hooks into one fetchTasks per tick', async () => {
    const source = createMemorySource({ realtime: false });
    const ids = await submitMany(source, 100);
    renderWithSource(source, ids.map((id) => <Watch key={id} id={id} />));
    await flush();
    expect(source.stats.fetchBatches).toHaveLength(1);
    expect(source.stats.fetchBatches[0]).toHaveLength(100);
    source.resetStats();
    await advance(60_000);
    expect(source.stats.fetchBatches).toHaveLength(30);
    expect(source.stats.fetchBatches.every((batch) => batch.length === 100)).toBe(true);
  });

  it('brings hooks mounted at different moments into one tick', async () => {
    const source = createMemorySource({ realtime: false });
    const ids = await submitMany(source, 3);
    const { rerenderWith } = renderWithSource(source, <Watch id={ids[0]!} />);
    await advance(700);
    rerenderWith(<><Watch id={ids[0]!} /><Watch id={ids[1]!} /></>);
    await advance(700);
    rerenderWith(<><Watch id={ids[0]!} /><Watch id={ids[1]!} /><Watch id={ids[2]!} /></>);
    await advance(10_000);
    source.resetStats();
    await advance(20_000);
    expect(source.stats.fetchBatches).toHaveLength(10);
    expect(source.stats.fetchBatches.every((b) => b.length === 3)).toBe(true);
  });

  it('renders nothing for a poll that returns an identical row, and only the changed task re-renders', async () => {
    const source = createMemorySource({ realtime: false });
    const ids = await submitMany(source, 3);
    renderWithSource(source, ids.map((id) => <Watch key={id} id={id} />));
    await advance(3_000);
    const before = new Map(renders);
    await advance(20_000); // ten identical polls
    expect(renders).toEqual(before);
    source.worker.claim(ids[1]!);
    await advance(2_000);
    expect(renders.get(ids[0]!)).toBe(before.get(ids[0]!));
    expect(renders.get(ids[2]!)).toBe(before.get(ids[2]!));
    expect(renders.get(ids[1]!)).toBe(before.get(ids[1]!)! + 1);
  });

  it('backs off with jitter while failing, says offline, and recovers on `online`', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1); // the top of each jitter window
    const source = createMemorySource({ realtime: false });
    const [id] = await submitMany(source, 1);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Watch id={id!} log={log} />);
    await flush();
    source.setOffline(true);
    await act(async () => {
      window.dispatchEvent(new Event('offline')); // a browser says so when its network drops
    });
    source.resetStats();
    await advance(62_000);
    // 2 s, then backoff 2, 4, 8, 16, 30 s: 6 attempts in a minute instead of 31
    expect(source.stats.calls.fetchTasks).toBe(6);
    expect(log.at(-1)).toMatchObject({ connection: 'offline', status: 'pending' });
    expect(log.at(-1)?.error?.code).toBe('network');
    source.setOffline(false);
    source.resetStats();
    await act(async () => {
      window.dispatchEvent(new Event('online'));
    });
    await flush();
    expect(source.stats.calls.fetchTasks).toBe(1);
    expect(log.at(-1)).toMatchObject({ connection: 'polling', status: 'pending', error: null });
  });

  it('recovers from a transient server error at the next (backed-off) poll', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const source = createMemorySource({ realtime: false });
    const [id] = await submitMany(source, 1);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Watch id={id!} log={log} />);
    await flush();
    source.failNext(1, 'server');
    await advance(2_000);
    expect(log.at(-1)?.error?.code).toBe('server');
    expect(log.at(-1)?.connection).toBe('polling'); // a server error is not "offline"
    await advance(1_000);
    expect(log.at(-1)?.error).toBeNull();
  });
});

describe('browser facts', () => {
  it('refetches every watched task in one request and re-samples the clock when the tab is visible again', async () => {
    const source = createMemorySource({ realtime: false });
    const ids = await submitMany(source, 3);
    renderWithSource(source, ids.map((id) => <Watch key={id} id={id} />));
    await flush();
    source.resetStats();
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); // jsdom reports 'visible'
    });
    await flush();
    expect(source.stats.fetchBatches).toEqual([ids]);
    expect(source.stats.calls.serverTime).toBe(1);
  });

  it('says offline on the browser `offline` event without waiting for a failed request', async () => {
    const source = createMemorySource({ realtime: false });
    const [id] = await submitMany(source, 1);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Watch id={id!} log={log} />);
    await flush();
    await act(async () => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(log.at(-1)?.connection).toBe('offline');
  });
  it("follows TanStack's focus and online managers, so an app that configured them for its platform configures the hooks", async () => {
    const source = createMemorySource({ realtime: false });
    const [id] = await submitMany(source, 1);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Watch id={id!} log={log} />);
    await flush();
    source.resetStats();
    await act(async () => {
      onlineManager.setOnline(false); // what a React Native NetInfo listener would report
    });
    expect(log.at(-1)?.connection).toBe('offline');
    await act(async () => {
      onlineManager.setOnline(true);
    });
    await flush();
    expect(log.at(-1)?.connection).toBe('polling');
    expect(source.stats.fetchBatches).toEqual([[id]]); // back online: read at once
    await act(async () => {
      focusManager.setFocused(false);
      focusManager.setFocused(true); // an app coming to the foreground
    });
    await flush();
    expect(source.stats.fetchBatches).toEqual([[id], [id]]);
    focusManager.setFocused(undefined);
  });
});

describe('realtime', () => {
  it('shares one subscription, polls only at the safety interval while healthy, refetches hinted ids only', async () => {
    const source = createMemorySource();
    const ids = await submitMany(source, 10);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, ids.map((id, i) => <Watch key={id} id={id} log={i === 0 ? log : undefined} />));
    await flush();
    expect(source.subscriberCount).toBe(1);
    expect(log.at(-1)?.connection).toBe('realtime');
    source.resetStats();
    await advance(60_000);
    expect(source.stats.fetchBatches).toHaveLength(2); // the 30 s safety poll, twice
    source.resetStats();
    source.worker.claim(ids[3]!);
    await flush();
    expect(source.stats.fetchBatches).toEqual([[ids[3]]]);
  });

  it('polls at the base rate while the channel is down and resyncs when it is back', async () => {
    const source = createMemorySource();
    const ids = await submitMany(source, 2);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <><Watch id={ids[0]!} log={log} /><Watch id={ids[1]!} /></>);
    await flush();
    source.setRealtime(false);
    await flush();
    expect(log.at(-1)?.connection).toBe('polling');
    source.resetStats();
    await advance(10_000);
    expect(source.stats.fetchBatches).toHaveLength(5);
    source.worker.claim(ids[0]!); // no hint while down: the next poll sees it
    await advance(2_000);
    expect(log.at(-1)?.status).toBe('processing');
    source.resetStats();
    source.setRealtime(true);
    await flush();
    expect(log.at(-1)?.connection).toBe('realtime');
    expect(source.stats.fetchBatches).toEqual([[ids[0], ids[1]]]); // full resync after the gap
  });

  it('does not lose a hint that arrives while a fetch of the same task is in flight', async () => {
    const source = createMemorySource();
    const [id] = await submitMany(source, 1);
    source.setLatency(200); // the server reads the row 100 ms into each call
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Watch id={id!} log={log} />);
    await advance(1_000);
    expect(log.at(-1)?.connection).toBe('realtime');
    const claimed = source.worker.claim(id!)!; // hint: a fetch starts and reads 'processing'
    await advance(150); // that fetch has read the row and is on its way back
    source.worker.complete(id!, claimed.attempt, { ok: true }); // hint while it is in flight
    await advance(500);
    // Far below the 30 s safety poll: the second hint got its own fetch.
    expect(log.at(-1)?.status).toBe('completed');
  });

  it('keeps up when changes arrive faster than the server answers (no fetch starves)', async () => {
    const source = createMemorySource();
    const [id] = await submitMany(source, 1);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Watch id={id!} log={log} />);
    await advance(1_000);
    const { attempt } = source.worker.claim(id!)!;
    source.setLatency(300); // every answer takes 300 ms; a change comes every 100 ms
    for (let step = 1; step <= 20; step += 1) {
      source.worker.heartbeat(id!, attempt, step / 20);
      await advance(100);
    }
    await advance(1_000);
    const seen = new Set(log.map((r) => r.task?.progress).filter((p) => typeof p === 'number'));
    expect(seen.size).toBeGreaterThanOrEqual(4); // several intermediate rows were shown
    expect(log.at(-1)?.task?.progress).toBe(1); // and the last one
  });

  it('useTasks watches many ids with one request per tick and a stable subscription', async () => {
    const source = createMemorySource({ realtime: false });
    const ids = await submitMany(source, 5);
    const seen: number[] = [];
    function List() {
      const { tasks } = useTasks([...ids, 'bad-id'], { liveElapsed: false });
      seen.push(tasks.filter((t) => t.status === 'pending').length);
      return null;
    }
    renderWithSource(source, <List />);
    await flush();
    expect(seen.at(-1)).toBe(5);
    source.resetStats();
    await advance(10_000);
    expect(source.stats.fetchBatches).toEqual(Array(5).fill(ids));
  });
});
