import { QueryClient, dehydrate, type DehydratedState } from '@tanstack/react-query';
import { parseTaskRow, type TaskSource } from '@unstuck/task-hooks/core';
import { taskKeys } from '@unstuck/task-hooks/query';

/**
 * Fetches these tasks on the server (one query, as the user, where `taskQueryOptions` would make
 * one per id) into a fresh QueryClient under the keys the hooks read (`taskKeys.task`), so the first paint shows their real status instead of a spinner; pass the
 * result to <HydrationBoundary state>. A missing or foreign id is cached as `null` (not found).
 */
export async function prefetchTasks(source: TaskSource | null, ids: readonly string[]): Promise<DehydratedState> {
  const queryClient = new QueryClient();
  if (source && ids.length > 0) {
    const rows = await source.fetchTasks(ids);
    for (const asked of ids) {
      // The database answers ids in lower case, whatever case they were asked in (a pasted link),
      // and the hooks key a task by its id in lower case too.
      const id = asked.toLowerCase();
      const row = rows.find((r) => r.id === id);
      queryClient.setQueryData(taskKeys.task(id), row ? parseTaskRow(row) : null);
    }
  }
  return dehydrate(queryClient);
}
