import { useMemo } from './peers';

/**
 * The errors of queries' last settled reads, by id (a task id, a type). TanStack Query clears the
 * error of a query without data when it fetches again, so a failed read's error would flip to "no
 * error, loading" for the length of each new read (a poll, a backoff retry, a "Try again": its
 * button gone, focus lost) and back. It stands until that read settles. Holders are dropped when
 * `key` changes (a hook watching another task or type starts clean).
 */
export function useSettledErrors(key: string): (id: string, query: { fetchStatus: string; error: unknown }) => unknown {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- key is the reason: new holders per task or type
  const held = useMemo(() => new Map<string, unknown>(), [key]);
  return (id, query) => {
    if (query.fetchStatus === 'idle') held.set(id, query.error);
    return held.get(id);
  };
}
