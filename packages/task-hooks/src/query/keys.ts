import { queryOptions } from '@tanstack/react-query';
import { assertTaskId } from '../core/errors';
import { parseTaskRow } from '../core/parse';
import type { TaskRow } from '../core/types';
import type { TaskSource } from '../sources/source';
import { taskKeys } from '../core/keys';

export { taskKeys };

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
  // The hooks key a task by its lower-case id (as the database writes it): hydrate that key.
  const taskId = id.toLowerCase();
  return queryOptions<TaskRow | null>({
    queryKey: taskKeys.task(taskId),
    queryFn: async ({ signal }) => {
      assertTaskId(taskId);
      const rows = await source.fetchTasks([taskId], signal);
      const row = rows.find((r) => r.id === taskId);
      return row ? parseTaskRow(row) : null;
    },
    staleTime: 1_000,
    retry: false,
  });
}
