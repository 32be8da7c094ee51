import { useEffect, useRef, useState, useSyncExternalStore } from './peers';
import type { TaskClient } from './task-client';
import { createCounter } from './timers';

const noopSubscribe = () => () => {};
const zero = () => 0;

/**
 * Registers ids with the client's scheduler while mounted and enabled. Keyed on the ids as JSON,
 * so a new array with the same ids each render does not resubscribe.
 */
export function useWatch(client: TaskClient, ids: readonly string[], pollIntervalMs: number | undefined, realtime: boolean): void {
  const key = JSON.stringify(ids);
  useEffect(() => {
    const stops = (JSON.parse(key) as string[]).map((id) => client.watch(id, { pollIntervalMs, realtime }));
    return () => stops.forEach((stop) => stop());
  }, [client, key, pollIntervalMs, realtime]);
}

/**
 * Re-renders when the health is due to change (`wakeAt`, server clock, judged `delayMs` later),
 * converted to a local timer with the clock offset: a threshold crossed is seen (and a fresh read
 * asked for, see `useVerify`) within a millisecond of that moment, whatever the poll interval.
 */
export function useHealthTimer(client: TaskClient, wakeAt: number | null, delayMs: number): void {
  // An external store rather than useState: its updates render synchronously, like the row
  // updates of TanStack Query, so the warning appears at the threshold and not a frame later.
  const [store] = useState(createCounter);
  useSyncExternalStore(store.subscribe, store.get, store.get);
  const bump = store.bump;
  const at = wakeAt === null ? null : Math.ceil(client.clock.toLocal(wakeAt) + delayMs);
  useEffect(() => {
    if (at !== null) return client.alarm.at(at, bump);
  }, [client, at, bump]);
}

/**
 * While a worse verdict waits for a fresh read (`verifySince` per id, server clock), asks the
 * client for one (many hooks, one request) and re-renders when a read lands, also one that
 * brought an identical row (which renders nothing through TanStack Query). Idle otherwise, so
 * unchanged polls still render nothing.
 */
export function useVerify(client: TaskClient, waiting: ReadonlyArray<readonly [id: string, since: number]>): void {
  // As JSON, so the effect re-runs only when an id or its `since` changes.
  const key = JSON.stringify(waiting);
  const active = waiting.length > 0;
  useSyncExternalStore(active ? client.reads.subscribe : noopSubscribe, active ? client.reads.get : zero, zero);
  useEffect(() => {
    for (const [id, since] of JSON.parse(key) as Array<[string, number]>) client.verify(id, since);
  }, [client, key]);
}

/** The shared one-second tick for a live `elapsedMs`, only while `active`. */
export function useLiveTick(client: TaskClient, active: boolean): void {
  useSyncExternalStore(active ? client.ticker.subscribe : noopSubscribe, active ? client.ticker.getSnapshot : zero, zero);
}

/** The latest value (the options and their callbacks), readable from effects and callbacks without re-running them. */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}
