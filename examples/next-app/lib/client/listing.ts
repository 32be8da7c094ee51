'use client';

import { useQuery } from '@tanstack/react-query';
import { useTaskContext } from '@unstuck/task-hooks';

/**
 * The ids of this user's newest tasks (of one type, or of every type), newest first, read through
 * the same task source the hooks use (row level security decides what is listed), when the list
 * mounts and when the tab is in front again.
 *
 * With the app's own backend the server lists them while rendering the page (it knows the user
 * from the cookie) and passes them in as `known`: shown until the browser's read lands. They are
 * read again all the same: Back restores a page as the server first rendered it, so a task started
 * since would be missing, as would one started in another tab while this page was open. In
 * Supabase mode only the browser knows the user (its anonymous session), so the server passes
 * `null`. Null while no list is known (the first read in flight, or failed). With `enabled` false
 * nothing is read and `known` is returned.
 */
export function useTaskIds(known: readonly string[] | null, list: { type?: string; limit: number }, enabled = true): readonly string[] | null {
  const { client } = useTaskContext();
  const listed = useQuery<readonly string[]>({
    queryKey: ['demo', 'list', list.type ?? '*', list.limit],
    queryFn: async ({ signal }) => (await client.source.listTasks(list, signal)).map((task) => task.id),
    enabled,
    placeholderData: known ?? undefined,
    staleTime: 0,
    refetchOnMount: 'always',
  });
  return (enabled && listed.data) || known;
}

/**
 * The id of a task of `type` newer than the one a slot shows (`shownId`, its row `shown`), when the
 * slot shows none or an ended one; null otherwise. Back on the generator page, the router cache
 * restores the server's first render of it, with the ids it had then (none, or a task since
 * retried on its own page), and the slot follows active tasks only: a retry that has already ended
 * would never show. So an idle slot reads the type's newest task, again each time it mounts.
 */
export function useNewerTask(type: string, shownId: string | null, shown: { created_at: string } | undefined, ended: boolean): string | null {
  const { client } = useTaskContext();
  const newest = useQuery({
    queryKey: ['demo', 'newest', type, shownId],
    queryFn: async ({ signal }) => (await client.source.listTasks({ type, limit: 1 }, signal))[0] ?? null,
    enabled: shownId === null || (!!shown && ended),
    staleTime: 0,
    refetchOnMount: 'always',
  });
  const row = newest.data;
  if (!row || row.id === shownId) return null;
  return !shown || Date.parse(row.created_at) > Date.parse(shown.created_at) ? row.id : null;
}
