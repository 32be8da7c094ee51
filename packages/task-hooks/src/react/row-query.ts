import type { QueryClient } from '@tanstack/react-query';
import type { TaskRow } from '../core/types';
import { taskKeys } from '../core/keys';
import type { TaskClient } from './task-client';

/**
 * What every hook's query (row, trail, active task) sets whatever the app's
 * `defaultOptions.queries` say: the hooks share the app's QueryClient, and its defaults would
 * otherwise reach them.
 */
export const overAppDefaults = {
  retry: false,
  // The hooks report a failed read in `error` (and back off): an app's default of throwing to an
  // error boundary would take the page down at the first network blip.
  throwOnError: false,
  // Sent while the device is offline too: TanStack's default ('online') would pause a read, loading
  // with no error for as long as that lasts (see useActiveTask).
  networkMode: 'always' as const,
  notifyOnChangeProps: ['data', 'error'] as Array<'data' | 'error'>,
  // Without it every read's identical answer is a new object, and renders.
  structuralSharing: true,
  // An app's `keepPreviousData` would show the task a hook watched before under the new id or type.
  placeholderData: undefined,
  // Read at every mount (an app's staleTime or refetchOnMount: false would show a cached state).
  refetchOnMount: 'always' as const,
  // Nor an app's retryOnMount: false, which shows a failed read's error again at every mount.
  retryOnMount: true,
};

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
    queryFn: (): Promise<TaskRow | null> => {
      // A read sent before an action's answer was cached may land after it (a slow batch) with the
      // row as it was before, e.g. a cancel undone until the next read: the answer is kept.
      const sentAt = Date.now();
      return client.load(id).then((row) => row && newest(client.queryClient, row, sentAt));
    },
    enabled,
    ...overAppDefaults,
    // Never stale by age (no per-observer stale timers): the scheduler decides when to refetch,
    // and every mount refetches (batched) so a cached or hydrated row is confirmed at once.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    // Nor an app's own interval: a timer per observer, each sending its own request, finished tasks too.
    refetchInterval: false as const,
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
 * `row`, or the cached copy of it when that is newer: every write of a row moves `updated_at` (an
 * optimistic row keeps the one it was made from), so an older row is an earlier state. For a read,
 * only a copy cached after the read was sent (`sentAt`) counts: `updated_at` is the writing
 * transaction's start, so a write that waited for the row lock can stamp an earlier time than the
 * version it replaced, and a read sent later is the truth even then (else it would never show).
 */
const newest = (queryClient: QueryClient, row: TaskRow, sentAt = 0): TaskRow => {
  const cached = queryClient.getQueryState<TaskRow | null>(taskKeys.task(row.id));
  return cached?.data && cached.dataUpdatedAt > sentAt && Date.parse(cached.data.updated_at) > Date.parse(row.updated_at) ? cached.data : row;
};

/**
 * Caches a row an action answered with (cancel, submit, retry) unless the cached copy is newer: a
 * hint or a poll may have brought a later state while the request was out. Returns the row kept.
 */
export function cacheAnswer(queryClient: QueryClient, row: TaskRow): TaskRow {
  const kept = newest(queryClient, row);
  if (kept === row) queryClient.setQueryData(taskKeys.task(row.id), row);
  return kept;
}
