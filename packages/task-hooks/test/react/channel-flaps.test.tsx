// @vitest-environment jsdom
// A dashboard open for days sees its push channel drop and come back hundreds of times, the tab
// hidden and shown, the device offline and online. Each comes back to the same cost: one read
// of the watched tasks per recovery, however many recoveries came before (no listener or timer
// piling up), and nothing left once the dashboard closes.
import { focusManager, onlineManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTasks } from '../../src/react/use-tasks';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();
afterEach(() => void vi.restoreAllMocks());

/**
 * How many listeners `manager` holds now: TanStack's managers count them for no one (`hasListeners`
 * only says whether any), so every `subscribe` from here on is counted, less those undone.
 */
function countListeners(manager: { subscribe(listener: (value: boolean) => void): () => void }): () => number {
  let live = 0;
  const subscribe = manager.subscribe.bind(manager);
  vi.spyOn(manager, 'subscribe').mockImplementation((listener) => {
    const unsubscribe = subscribe(listener);
    live += 1;
    let done = false;
    return () => {
      if (!done) live -= 1;
      done = true;
      unsubscribe();
    };
  });
  return () => live;
}

describe('a channel that drops and comes back 300 times', () => {
  it('reads the watched tasks the same number of times at each recovery, and leaves nothing after', async () => {
    const focusListeners = countListeners(focusManager);
    const onlineListeners = countListeners(onlineManager);
    const source = createMemorySource({ latencyMs: 20 });
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push((await source.store.submit('export', {})).task.id);
    function Dashboard() {
      useTasks(ids, { liveElapsed: false });
      return null;
    }
    const { unmount } = renderWithSource(source, <Dashboard />);
    await advance(5_000);
    const readsPerRound: number[] = [];
    // Reads in one tick join one batch, so a listener added at each recovery would not show in
    // the reads: the listeners themselves are counted after every round.
    const listenersPerRound: string[] = [];
    for (let round = 0; round < 100; round += 1) {
      const before = source.stats.fetchBatches.length;
      act(() => source.setRealtime(false));
      await advance(1_000);
      act(() => source.setRealtime(true));
      await advance(1_000);
      act(() => focusManager.setFocused(false));
      act(() => focusManager.setFocused(true));
      await advance(1_000);
      act(() => onlineManager.setOnline(false));
      await advance(1_000);
      act(() => onlineManager.setOnline(true));
      await advance(1_000);
      readsPerRound.push(source.stats.fetchBatches.length - before);
      listenersPerRound.push(`focus ${focusListeners()}, online ${onlineListeners()}`);
    }
    // One read per recovery (the channel's rejoin, the tab shown, back online), in every round:
    // none reads more because of the ones before it.
    expect(new Set(readsPerRound.slice(1))).toEqual(new Set([3]));
    expect(focusListeners()).toBeGreaterThan(0);
    expect(new Set(listenersPerRound)).toEqual(new Set([listenersPerRound[0]]));
    expect(source.subscriberCount).toBe(1);
    unmount();
    await advance(1_000);
    expect(source.subscriberCount).toBe(0);
    expect(source.pendingCalls).toBe(0);
    expect(focusManager.hasListeners() || onlineManager.hasListeners()).toBe(false);
    expect([focusListeners(), onlineListeners()]).toEqual([0, 0]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
