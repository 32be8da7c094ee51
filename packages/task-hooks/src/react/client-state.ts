import { useEffect, useMemo, useState, useSyncExternalStore } from './peers';
import { invalidIdError, isTaskId } from '../core/errors';
import { resolveThresholds } from '../core/thresholds';
import type { TaskThresholds } from '../core/types';
import type { ConnectionState } from '../sources/source';
import { useTaskContext } from './context';
import type { JudgeClock } from './judge';

/**
 * What the watching hooks share: the provider's client and its snapshot, whether this hook uses
 * the push channel, the connection it reports, the server clock now (null until measured), how
 * much later health is judged, and the thresholds in force for a type.
 *
 * `healthDelayMs`: the clock estimate's error margin plus 1 ms (row timestamps lose their
 * microseconds when parsed, and the database's stuck rules compare strictly). Health is judged at
 * `serverNow - healthDelayMs`, the latest server time certainly reached, so "stuck" never shows
 * before the database agrees, and a Retry pressed then is not refused with `illegal_state`.
 *
 * `judging(id, thresholds)`: the instants `id`'s health is judged from (see `judgeHealth`), null
 * until the server clock is known: that delayed `now`, the verification window, when the read
 * behind `id`'s cached row started at the earliest on the server clock (its local send time plus
 * the offset minus the error margin; null when no read of this client brought the row), and since
 * when this hook has judged `id` under `thresholds` (see `JudgeClock.judgedFrom`).
 */
export function useClientState(realtimeOption: boolean | undefined) {
  const { client, thresholds: appThresholds } = useTaskContext();
  const { clock } = client;
  // The same test as the client's before it opens the channel.
  const realtime = (realtimeOption ?? true) && !!client.source.subscribe;
  const snapshot = useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot);
  // `clock.ready` too: it turns false the moment the local clock jumps, and the clock is measured
  // again now rather than at the next fetch (up to the 30 s safety poll away with realtime).
  // Meanwhile health is judged on the estimate moved by the jump, which is never ahead of the
  // server, so a stuck task stays stuck (no flash of "ok") through a sleep of the device, offline
  // too: the reads' send times moved with the estimate (see `createTaskClient`).
  const jumped = snapshot.clockReady && !clock.ready;
  useEffect(() => {
    if (jumped) void client.measureClock();
  }, [client, jumped]);
  const serverNow = snapshot.clockReady ? clock.serverNow() : null;
  const healthDelayMs = clock.errorMarginMs + 1;
  // Per id, the thresholds this hook judges it under (null before its row, whose type they depend
  // on, is there) and since when, on the server clock. Kept across renders, as a render React
  // throws away must not restart the wait; ids this hook no longer judges go after each commit.
  const [judged] = useState(() => new Map<string, [string | null, number | null]>());
  const judgedNow = new Set<string>();
  useEffect(() => {
    for (const id of judged.keys()) if (!judgedNow.has(id)) judged.delete(id);
  });
  // A hook that does not use the channel is polling, whatever the channel does, unless offline.
  const connection: ConnectionState = realtime || snapshot.connection === 'offline' ? snapshot.connection : 'polling';
  return {
    client,
    realtime,
    connection,
    serverNow,
    healthDelayMs,
    judging: (id: string, thresholds: TaskThresholds | null): JudgeClock | null => {
      const now = serverNow === null ? null : serverNow - healthDelayMs;
      const key = thresholds && JSON.stringify(thresholds);
      let seen = judged.get(id);
      judgedNow.add(id);
      // The first thresholds its row brings are no change. Before the clock is known (it waits
      // for the thresholds too), health is not judged: it begins once it is.
      if (!seen || (seen[0] !== key && seen[0] !== null)) judged.set(id, (seen = [key, now]));
      seen[0] = key;
      seen[1] ??= now;
      if (now === null) return null;
      const sentAt = client.readSentAt(id);
      const windowMs = client.options.verifyWindowMs!;
      const { resumedAt } = snapshot;
      return {
        now,
        readAt: sentAt === undefined ? null : clock.serverNow(sentAt) - clock.errorMarginMs,
        windowMs,
        heldUntil: resumedAt === null ? null : resumedAt + windowMs,
        judgedFrom: seen[1]!,
      };
    },
    thresholdsFor: (type: string | undefined, hook: Partial<TaskThresholds> | undefined) =>
      resolveThresholds(type, { fromSource: snapshot.sourceThresholds, overrides: appThresholds, hook }),
  };
}

/**
 * A hook's `id` argument: `taskId` is '' unless it is a UUID, `enabled` is false then, and a
 * malformed id (not null / undefined, which watch nothing) gives an `invalid_id` error.
 */
export function useTaskIdArgument(id: string | null | undefined, enabledOption: boolean | undefined) {
  const valid = isTaskId(id);
  const invalidError = useMemo(() => (id == null || isTaskId(id) ? null : invalidIdError(id)), [id]);
  // Lower-case, as the database writes a UUID: the rows, hints and cache keys all use that spelling.
  return { taskId: valid ? id.toLowerCase() : '', enabled: (enabledOption ?? true) && valid, invalidError };
}
