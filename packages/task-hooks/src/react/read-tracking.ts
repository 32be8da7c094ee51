import type { QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query';
import { isTaskKey, isWantedTask } from './row-query';
import type { Counter } from './timers';

/**
 * What `createReadTracking` hands back. A tuple, like `ServerFacts`: destructured, its parts minify
 * to one letter each.
 */
export type ReadTracking = [
  /** Fetches the watched ids of `ids` now; an id whose fetch is in flight joins it. */
  fetchNow: (ids: Iterable<string>) => Promise<void>,
  /** The client's listener on the query cache (attached while a task is watched). */
  cacheListener: (event: QueryCacheNotifyEvent) => void,
];

/**
 * What each watched task's cached row rests on. A row a read of ours brought is noted as read
 * (`readSent`, and `reads` moves); one from elsewhere that is newer than any read of ours (a
 * hydrated or streamed one) is read now, as a mount reads it. The client's maps are handed in,
 * not copied, so the client and this keep one set of facts; `reschedule` re-plans the polls after
 * each read and each row.
 * A factory of closures, like `createTaskClient`: its state stays in locals, which minify.
 */
export function createReadTracking(
  queryClient: QueryClient,
  watchers: ReadonlyMap<string, unknown>,
  answered: Map<string, number>,
  readSent: Map<string, number>,
  reads: Counter,
  fetchedAt: Map<string, number>,
  reschedule: () => void,
): ReadTracking {
  /** The ids of each `fetchNow` out: what it brings is a read, even through another provider's queryFn. */
  const refetching = new Set<Set<string>>();

  const fetchNow = (ids: Iterable<string>): Promise<void> => {
    const wanted = new Set(ids);
    if (wanted.size === 0) return Promise.resolve();
    refetching.add(wanted);
    return queryClient
      .refetchQueries({ type: 'active', predicate: isWantedTask(wanted) }, { cancelRefetch: false, throwOnError: false })
      .finally(() => {
        refetching.delete(wanted);
        reschedule();
      });
  };

  return [
    fetchNow,
    (event) => {
      const { query } = event;
      if (!isTaskKey(query.queryKey)) return;
      const id = query.queryKey[2];
      // A row gone from the cache (collected, removed) takes the read it rested on with it.
      if (event.type === 'removed') readSent.delete(id);
      if (event.type !== 'updated' || !watchers.has(id)) return;
      const { action } = event;
      // A row a read brought (not one set by hand): the cached row now rests on that read.
      const sentAt = answered.get(id);
      const setByHand = action.type === 'success' && action.manual;
      if (action.type === 'success' && !setByHand && sentAt !== undefined) {
        answered.delete(id);
        readSent.set(id, sentAt);
        reads.bump();
      }
      const updatedAt = query.state.dataUpdatedAt;
      const before = fetchedAt.get(id) ?? 0;
      // Noted before the read below: its fetch sends this listener an event at once, which must
      // not find the row unconfirmed again (and start another, hundreds deep).
      if (updatedAt) fetchedAt.set(id, Math.max(before, updatedAt));
      // A row stamped later than any read of ours that none of them brought and no action set: a
      // hydrated one (awaited or streamed), kept by TanStack because its server stamped it later,
      // which a server clock ahead of ours does to an older row too (a prefetched page). Confirmed
      // now, as a mount confirms it. (A cancel's revert puts back a row of ours, stamped no later.)
      // Not one a refetch of ours brought: a query fetches with its last observer's queryFn, so two
      // providers on one cache each took what the other read for hydrated rows, in a loop.
      const ours = [...refetching].some((ids) => ids.has(id));
      // That refetch is over for this id once its own read settled, not when the slowest of its
      // batch did: a row hydrated meanwhile must be confirmed, not taken for one it brought. Before
      // the read below is sent, which must find its id in `refetching` when it answers.
      if (action.type === 'success' || action.type === 'error') for (const ids of refetching) ids.delete(id);
      if (updatedAt > before && sentAt === undefined && !ours && !setByHand) void fetchNow([id]);
      reschedule();
    },
  ];
}
