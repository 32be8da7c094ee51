import { queryOptions, type QueryKeyWithDataTag, type UnusedSkipTokenOptions } from '@tanstack/react-query';
import { assertTaskId } from '../core/errors';
import { parseTaskRow } from '../core/parse';
import type { TaskRow } from '../core/types';
import type { TaskSource } from '../sources/source';
import { taskKeys } from '../core/keys';

export { taskKeys };

type TaskKey = ReturnType<typeof taskKeys.task>;

/**
 * What `taskQueryOptions` returns, named with TanStack's own types so that they are read with the
 * app's compiler settings: spelled out by our build, `queryFn?` would carry an explicit
 * `| undefined` that `exactOptionalPropertyTypes` refuses at `prefetchQuery`.
 */
export type TaskQueryOptions = UnusedSkipTokenOptions<TaskRow | null, Error, TaskRow | null, TaskKey> &
  QueryKeyWithDataTag<TaskKey, TaskRow | null, Error>;

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
export function taskQueryOptions(id: string, source: TaskSource): TaskQueryOptions {
  // The hooks key a task by its lower-case id (as the database writes it): hydrate that key. String():
  // a missing or repeated ?id= (Next's searchParams) fails the read with invalid_id, not the render.
  const taskId = String(id).toLowerCase();
  return queryOptions<TaskRow | null, Error, TaskRow | null, TaskKey>({
    queryKey: taskKeys.task(taskId),
    queryFn: async ({ signal }) => {
      assertTaskId(id);
      const rows = await source.fetchTasks([taskId], signal);
      const row = rows.find((r) => r.id === taskId);
      return row ? parseTaskRow(row) : null;
    },
    staleTime: 1_000,
    retry: false,
  });
}
