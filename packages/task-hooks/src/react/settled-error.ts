import { useMemo } from './peers';

/**
 * The error of a side query's last settled read (useActiveTask, useTaskEvents). TanStack Query
 * clears the error of a query without data when it fetches again, so a failed read's error would
 * flip to "no error, loading" for the length of each new read (a poll, a "Try again": its button
 * gone, focus lost) and back. It stands until that read settles, for this `key` only (a new task
 * or type starts clean).
 */
export function useSettledError(query: { fetchStatus: string; error: unknown }, key: string): unknown {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- key is the reason: a new holder per task or type
  const failed = useMemo((): { error?: unknown } => ({}), [key]);
  if (query.fetchStatus === 'idle') failed.error = query.error;
  return failed.error;
}
