import { useMemo } from './peers';

/** A query as the holders below read it. */
type Read = { fetchStatus: string; error: unknown; data?: unknown };

/**
 * The error to show for the query of `id`, holding the errors of queries' last settled reads in
 * `held`. TanStack Query clears the error of a query without data when it fetches again, so a
 * failed read's error would flip to "no error, loading" for the length of each new read (a poll, a
 * backoff retry, a "Try again": its button gone, focus lost) and back. It stands until that read
 * settles, or until the query holds data: TanStack keeps a query's error through a read once it
 * has data, and clears it when a row reaches the cache (hydrated, written by an action), which
 * must not show beside the old error.
 */
export function settledError(held: Map<string, unknown>, id: string, query: Read): unknown {
  if (query.fetchStatus === 'idle' || query.data !== undefined) held.set(id, query.error);
  return held.get(id);
}

/**
 * {@link settledError} with holders that are dropped when `key` changes (a hook watching another
 * task or type starts clean).
 */
export function useSettledErrors(key: string): (id: string, query: Read) => unknown {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- key is the reason: new holders per task or type
  const held = useMemo(() => new Map<string, unknown>(), [key]);
  return (id, query) => settledError(held, id, query);
}
