'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTaskContext } from '@unstuck/task-hooks';
import { backoffDelay, DEFAULT_POLL_POLICY, isTaskError } from '@unstuck/task-hooks/core';

/** The longest wait between two tries of a list read, so that the list shows soon after an outage. */
const LIST_RETRY_CAP_MS = 10_000;

/**
 * True for a read the server cannot answer now but will: no answer at all (offline, the server
 * down), or a 502/503/504, the server's word that its database is down for now (its 500 says the
 * failure repeats until someone fixes it: an outdated schema, a misconfigured database).
 * `TaskError.retryable` is true for both kinds, as the hooks' polls back off either way.
 */
export function isUnavailableForNow(error: unknown): boolean {
  if (!isTaskError(error)) return false;
  const { status } = error.details;
  return error.code === 'network' || (error.code === 'server' && (status === 502 || status === 503 || status === 504));
}

/**
 * A read the server cannot answer for now is tried again without limit, with capped, jittered
 * backoff. TanStack Query's default gave up after 3 tries (about 7 s), and a page opened during a
 * longer outage never listed its tasks.
 */
const retryWhileRetryable = {
  retry: (_failures: number, error: unknown) => isUnavailableForNow(error),
  retryDelay: (failures: number) => backoffDelay(failures, { ...DEFAULT_POLL_POLICY, maxBackoffMs: LIST_RETRY_CAP_MS }),
};

/** A list read: its ids (null until it succeeds), why its last try failed, and a way to try now. */
export interface TaskIdsRead {
  ids: readonly string[] | null;
  /** The last try's failure (a TaskError, as a rule) while no ids are known; a retryable one is being tried again already. */
  failure: unknown;
  retryNow(): void;
}

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
 * `null`. `ids` is null while no list is known (the first read in flight, or failing). With
 * `enabled` false nothing is read and `known` is returned.
 */
export function useTaskIds(known: readonly string[] | null, list: { type?: string; limit: number }, enabled = true): TaskIdsRead {
  const { client } = useTaskContext();
  const queryClient = useQueryClient();
  const queryKey = ['demo', 'list', list.type ?? '*', list.limit];
  const listed = useQuery<readonly string[]>({
    queryKey,
    queryFn: async ({ signal }) => (await client.source.listTasks(list, signal)).map((task) => task.id),
    enabled,
    placeholderData: known ?? undefined,
    staleTime: 0,
    refetchOnMount: 'always',
    ...retryWhileRetryable,
  });
  const ids = (enabled && listed.data) || known;
  // Between two tries TanStack waits out the backoff, and a refetch() then joins that wait: the
  // button would send nothing for up to 10 s. Cancelling the wait first sends the read at once.
  const retryNow = () => void queryClient.cancelQueries({ queryKey, exact: true }).then(() => listed.refetch());
  return { ids, failure: ids === null ? (listed.failureReason ?? null) : null, retryNow };
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
    ...retryWhileRetryable,
  });
  const row = newest.data;
  if (!row || row.id === shownId) return null;
  return !shown || Date.parse(row.created_at) > Date.parse(shown.created_at) ? row.id : null;
}
