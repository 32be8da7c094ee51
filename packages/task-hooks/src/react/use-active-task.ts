import { useEffect, useQuery } from './peers';
import type { TaskError } from '../core/errors';
import type { TaskRow } from '../core/types';
import { useTaskContext } from './context';
import { toTaskError } from './derive';
import { isTerminalStatus } from '../core/status';
import { isTaskKey, overAppDefaults } from './row-query';
import { useSettledErrors } from './settled-error';
import { taskKeys } from '../core/keys';
import { timedQuery } from './timed';

// The slots (a type's active-task query, one per QueryClient: not its row, which two clients
// hydrated from one server render share) read again now because their task ended: the hooks
// showing one send one read, not one each.
const asking = new WeakSet<object>();

/** Options of {@link useActiveTask}. */
export interface UseActiveTaskOptions {
  /** Set false to send no request (a cached task still shows). @default true */
  enabled?: boolean;
}

/** What {@link useActiveTask} returns. */
export interface UseActiveTaskResult<TPayload = unknown, TResult = unknown> {
  /** The caller's pending or processing task of the type; null when none; undefined while loading. */
  task: TaskRow<TPayload, TResult> | null | undefined;
  /** True until the first read settles (not while the device is offline: that read fails at once). */
  isLoading: boolean;
  /** The last read's failure, e.g. `network` while the device is offline; null once a read succeeds. */
  error: TaskError | null;
  refetch: () => Promise<unknown>;
}

/**
 * The signed-in user's active task of a type, e.g. to resume watching an export after a reload.
 * Refreshed when a submit or retry creates one, when a watched task ends, at the safety poll
 * interval, when the tab comes back to the front and when the device comes back online. Feed its
 * id to `useTaskStatus` to watch it.
 * @example
 * const active = useActiveTask('export');
 * const status = useTaskStatus(active.task?.id);
 */
export function useActiveTask<TPayload = unknown, TResult = unknown>(
  type: string,
  options: UseActiveTaskOptions = {},
): UseActiveTaskResult<TPayload, TResult> {
  const { client } = useTaskContext();
  const enabled = options.enabled ?? true;
  const query = useQuery({
    queryKey: taskKeys.active(type),
    queryFn: async ({ signal }) => {
      const task = await timedQuery((s) => client.source.fetchActiveTask(type, s), signal);
      if (!task) return null;
      // Seed the row cache so `useTaskStatus(task.id)` renders at once without a second request.
      if (client.queryClient.getQueryData(taskKeys.task(task.id)) === undefined) {
        client.queryClient.setQueryData(taskKeys.task(task.id), task);
      }
      return task;
    },
    enabled,
    // Read at every mount as the trail is (see useTaskEvents): another tab may have started one meanwhile.
    ...overAppDefaults,
    refetchInterval: client.policy.safetyIntervalMs,
    // Sent while the device is offline too (overAppDefaults): it fails as `network` then (or succeeds,
    // where the browser wrongly says offline), and is read again once the device is back (TanStack
    // turns that off for networkMode 'always' unless asked).
    refetchOnReconnect: true,
    // And back in front, whatever the app's default: another tab may have started one (the rows
    // are read then by the client itself; nothing else reads the slot before the safety poll).
    refetchOnWindowFocus: true,
    staleTime: 0, // not an app's 'static': submit and retry ask for the slot again (see useTaskEvents)
  }, client.queryClient);
  // When that task ends (a watching hook read it terminal, or missing), the type's slot is free. A
  // status this client does not know (a newer database's) is no end: the slot would be read at every poll.
  const slot = query.data as TaskRow | null | undefined;
  const { refetch } = query;
  useEffect(() => {
    // Disabled, it sends nothing (refetch() would fetch even so) though a cached task may show.
    if (!slot || !enabled) return;
    const ask = (data: unknown) => {
      // Every hook of the type is told of the end, and each refetch() would cancel the read the one
      // before sent and send another: the first asks (cancelling a read sent before the end, whose
      // answer may still hold the task), the others leave that read to it.
      // (The row itself only if the query was removed meanwhile: a WeakSet takes no undefined.)
      const slotQuery = client.queryClient.getQueryCache().find({ queryKey: taskKeys.active(type), exact: true }) ?? slot;
      if (data === undefined || (data && !isTerminalStatus((data as TaskRow).status)) || asking.has(slotQuery)) return;
      asking.add(slotQuery);
      void refetch().finally(() => asking.delete(slotQuery)); // a failed read leaves the next end to ask again
    };
    // Its row may have been read ended already, while the read of the slot was out (the answer
    // comes from before): an ended task never turns active again, so ask again now.
    ask(client.queryClient.getQueryData(taskKeys.task(slot.id)));
    return client.queryClient.getQueryCache().subscribe((event) => {
      // Only when a row arrives: the cache reports several events per read (observers notified,
      // options updated …), and each refetch would cancel the one before and send another.
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      const { queryKey, state } = event.query;
      if (isTaskKey(queryKey) && queryKey[2] === slot.id) ask(state.data);
    });
  }, [client, slot, enabled, refetch, type]);
  // Through a poll or a "Try again", the failed read's error stands until the new read settles.
  const failed = useSettledErrors(type)(type, query);
  return {
    task: query.data as TaskRow<TPayload, TResult> | null | undefined,
    // Disabled, nothing is on its way (as in the other hooks and TanStack's own isLoading).
    isLoading: enabled && query.data === undefined && !failed,
    error: toTaskError(failed),
    refetch: query.refetch,
  };
}
