import type { QueryClient } from '@tanstack/react-query';
import type { TaskRow } from '../core/types';
import { taskKeys } from '../core/keys';
import type { TaskClient } from './task-client';

/**
 * The options every hook uses for a task row. Polling is not TanStack's `refetchInterval`
 * (one timer per observer) but the client's shared scheduler, so all ids of a tick share one
 * request; focus / reconnect refetches are the client's too. Only `data` and `error` re-render:
 * a poll that returns an identical row keeps the same object (structural sharing) and renders
 * nothing.
 */
export function rowQueryOptions(client: TaskClient, id: string, enabled: boolean) {
  return {
    queryKey: taskKeys.task(id),
    queryFn: (): Promise<TaskRow | null> => client.load(id),
    enabled,
    // Never stale by age (no per-observer stale timers): the scheduler decides when to refetch,
    // and every mount refetches (batched) so a cached or hydrated row is confirmed at once.
    staleTime: Infinity,
    refetchOnMount: 'always' as const,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    networkMode: 'always' as const,
    notifyOnChangeProps: ['data', 'error'] as Array<'data' | 'error'>,
  };
}

/** True for a key made by `taskKeys.task`. */
export function isTaskKey(key: readonly unknown[]): key is ReturnType<typeof taskKeys.task> {
  return key[0] === 'unstuck' && key[1] === 'task' && typeof key[2] === 'string';
}

/** A query-cache filter for the task rows of the ids in `wanted`. */
export function isWantedTask(wanted: ReadonlySet<string>) {
  return (query: { queryKey: readonly unknown[] }): boolean => isTaskKey(query.queryKey) && wanted.has(query.queryKey[2]);
}

/**
 * Caches a row an action answered with (cancel, submit, retry) unless the cached copy is newer: a
 * hint or a poll may have brought a later state while the request was out, and every write of a
 * row moves `updated_at` (an optimistic row keeps the one it was made from). Returns the row kept.
 */
export function cacheAnswer(queryClient: QueryClient, row: TaskRow): TaskRow {
  const key = taskKeys.task(row.id);
  const cached = queryClient.getQueryData<TaskRow | null>(key);
  if (cached && Date.parse(cached.updated_at) > Date.parse(row.updated_at)) return cached;
  queryClient.setQueryData(key, row);
  return row;
}
