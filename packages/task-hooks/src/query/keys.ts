import { queryOptions } from '@tanstack/react-query';
import { assertTaskId } from '../core/errors';
import { parseTaskRow } from '../core/parse';
import type { TaskRow } from '../core/types';
import type { TaskSource } from '../sources/source';

/**
 * Query keys of everything the hooks cache. One source per `QueryClient`: give a second source
 * its own client (`TaskProvider queryClient`).
 * @example queryClient.invalidateQueries({ queryKey: taskKeys.task(id) })
 */
export const taskKeys = {
  all: ['unstuck'] as const,
  task: (id: string) => ['unstuck', 'task', id] as const,
  active: (type: string) => ['unstuck', 'active', type] as const,
  events: (id: string) => ['unstuck', 'events', id] as const,
};

/**
 * Query options for one task row (`null` when missing), for server prefetch and hydration:
 * the key is the one `useTaskStatus` reads, so a prefetched row renders on the first paint and
 * the hook takes over polling after hydration.
 * @example
 * // app/tasks/[id]/page.tsx (server component)
 * const queryClient = new QueryClient();
 * await queryClient.prefetchQuery(taskQueryOptions(id, serverSource));
 * return <HydrationBoundary state={dehydrate(queryClient)}><TaskView id={id} /></HydrationBoundary>;
 */
export function taskQueryOptions(id: string, source: TaskSource) {
  return queryOptions<TaskRow | null>({
    queryKey: taskKeys.task(id),
    queryFn: async ({ signal }) => {
      assertTaskId(id);
      const rows = await source.fetchTasks([id], signal);
      const row = rows.find((r) => r.id === id);
      return row ? parseTaskRow(row) : null;
    },
    staleTime: 1_000,
    retry: false,
  });
}
