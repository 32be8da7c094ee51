import { useEffect, useMemo, useQuery } from './peers';
import type { TaskError } from '../core/errors';
import type { TaskEvent, TaskRow } from '../core/types';
import { useTaskIdArgument } from './client-state';
import { useTaskContext } from './context';
import { toTaskError } from './derive';
import { taskKeys } from '../core/keys';
import { isTaskKey, overAppDefaults } from './row-query';
import { useSettledErrors } from './settled-error';
import { timedQuery } from './timed';

/** Options of {@link useTaskEvents}. */
export interface UseTaskEventsOptions {
  /** Set false to send no request (cached events still show). @default true */
  enabled?: boolean;
}

/** What {@link useTaskEvents} returns. */
export interface UseTaskEventsResult {
  /** Oldest first; undefined while loading. */
  events: TaskEvent[] | undefined;
  /** True until the first read settles (not while the device is offline: that read fails at once). */
  isLoading: boolean;
  /** The last read's failure, e.g. `network` while the device is offline (read again once it is back). */
  error: TaskError | null;
  /**
   * Reads the trail again now, e.g. for a "Try again" after `error`; resolves once that read has
   * settled (its outcome is in `events` and `error`; until then `error` stays as it was, so a
   * "Try again" does not vanish while it reads). Does nothing while disabled or for a
   * malformed id, where reading again cannot help.
   */
  refetch: () => Promise<void>;
}

/**
 * What of a row the audit trail follows: the database writes an event when the status changes or a
 * cancel is requested (examples/supabase/migrations/0004_task_events.sql), never for a heartbeat or
 * progress, so those need no new read of the trail. `undefined` for a row not read yet.
 */
function auditedState(row: TaskRow | null | undefined): string | null | undefined {
  return row && `${row.status} ${row.cancel_requested_at}`;
}

/**
 * A task's audit trail (submitted, claimed, cancel requested, reaped …), for a timeline. It is
 * refetched when the watched row's status changes or a cancel is requested, so it costs nothing
 * while the task is quiet or only beating, and when the device comes back online.
 * @example
 * const { events } = useTaskEvents(id);
 * <ol>{events?.map((e) => <li key={e.id}>{e.kind} by {e.actor}</li>)}</ol>
 */
export function useTaskEvents(id: string | null | undefined, options: UseTaskEventsOptions = {}): UseTaskEventsResult {
  const { client } = useTaskContext();
  const { queryClient } = client;
  const { taskId, enabled, invalidError } = useTaskIdArgument(id, options.enabled);
  const query = useQuery({
    queryKey: taskKeys.events(taskId),
    queryFn: ({ signal }) => timedQuery((s) => client.source.fetchEvents(taskId, s), signal),
    enabled,
    // Read at every mount whatever the app's defaults (see row-query.ts): the trail is read again
    // only on changes seen while mounted, and the task may have moved on while the page was closed.
    ...overAppDefaults,
    refetchOnReconnect: true, // and once the device is back online (see useActiveTask)
    // Not an app's 'static' (TanStack 5.80+), which invalidateQueries and refetchOnMount skip: the
    // trail would never be read again after its first read.
    staleTime: 0,
    refetchInterval: false, // read on row changes only, not on an app's timer (finished tasks too)
  }, queryClient);

  useEffect(() => {
    if (!enabled) return;
    let last = auditedState(queryClient.getQueryData<TaskRow | null>(taskKeys.task(taskId)));
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || !isTaskKey(event.query.queryKey) || event.query.queryKey[2] !== taskId) return;
      const row = event.query.state.data as TaskRow | null | undefined;
      const state = auditedState(row);
      if (row === undefined || state === last) return;
      last = state;
      // Cancelled first: TanStack cancels a refetch for this, but joins a first read still out, and
      // that read may have been answered before the change (the trail would miss it for good).
      const filters = { queryKey: taskKeys.events(taskId), exact: true };
      void queryClient.cancelQueries(filters).then(() => queryClient.invalidateQueries(filters));
    });
  }, [queryClient, taskId, enabled]);

  // Through a "Try again", the failed read's error stands until the new read settles.
  const failed = useSettledErrors(taskId)(taskId, query);

  const { refetch: refetchQuery } = query;
  const refetch = useMemo(
    () => async () => {
      if (enabled) await refetchQuery();
    },
    [enabled, refetchQuery],
  );

  return {
    events: query.data,
    isLoading: enabled && query.data === undefined && !failed,
    error: invalidError ?? toTaskError(failed),
    refetch,
  };
}
