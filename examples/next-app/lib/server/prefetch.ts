import { QueryClient, dehydrate, type DehydratedState } from '@tanstack/react-query';
import { parseTaskRow, type TaskSource } from '@unstuck/task-hooks/core';

/**
 * The query key `useTaskStatus` reads (`taskKeys.task(id)` of @unstuck/task-hooks). Written out
 * here because that package's root entry creates React contexts at import, which a server
 * component may not do; test/server/prefetch.test.ts checks the two keys stay equal.
 */
export const taskQueryKey = (id: string) => ['unstuck', 'task', id] as const;

/**
 * Fetches these tasks on the server (one query, as the user) into a fresh QueryClient under the
 * keys the hooks read, so the first paint shows their real status instead of a spinner; pass the
 * result to <HydrationBoundary state>. A missing or foreign id is cached as `null` (not found).
 */
export async function prefetchTasks(source: TaskSource | null, ids: readonly string[]): Promise<DehydratedState> {
  const queryClient = new QueryClient();
  if (source && ids.length > 0) {
    const rows = await source.fetchTasks(ids);
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      queryClient.setQueryData(taskQueryKey(id), row ? parseTaskRow(row) : null);
    }
  }
  return dehydrate(queryClient);
}
