import { useEffect, useQuery, useQueryClient } from './peers';
import type { TaskError } from '../core/errors';
import type { TaskEvent, TaskRow } from '../core/types';
import { useTaskIdArgument } from './client-state';
import { useTaskContext } from './context';
import { toTaskError } from './derive';
import { taskKeys } from '../core/keys';
import { isTaskKey } from './row-query';

export interface UseTaskEventsOptions {
  /** @default true */
  enabled?: boolean;
}

export interface UseTaskEventsResult {
  /** Oldest first; undefined while loading. */
  events: TaskEvent[] | undefined;
  isLoading: boolean;
  error: TaskError | null;
}

/**
 * A task's audit trail (submitted, claimed, cancel requested, reaped …), for a timeline. It is
 * refetched whenever the watched row changes, so it costs nothing while the
 * task is quiet.
 * @example
 * const { events } = useTaskEvents(id);
 * <ol>{events?.map((e) => <li key={e.id}>{e.kind} by {e.actor}</li>)}</ol>
 */
export function useTaskEvents(id: string | null | undefined, options: UseTaskEventsOptions = {}): UseTaskEventsResult {
  const { client } = useTaskContext();
  const queryClient = useQueryClient();
  const { taskId, enabled, invalidError } = useTaskIdArgument(id, options.enabled);
  const query = useQuery({
    queryKey: taskKeys.events(taskId),
    queryFn: ({ signal }) => client.source.fetchEvents(taskId, signal),
    enabled,
    retry: false,
    notifyOnChangeProps: ['data', 'error'],
  });

  useEffect(() => {
    if (!enabled) return;
    // Structural sharing keeps the row object while nothing changed, so identity is the signal.
    let last = queryClient.getQueryData<TaskRow | null>(taskKeys.task(taskId));
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || !isTaskKey(event.query.queryKey) || event.query.queryKey[2] !== taskId) return;
      const row = event.query.state.data as TaskRow | null | undefined;
      if (row === last || row === undefined) return;
      last = row;
      void queryClient.invalidateQueries({ queryKey: taskKeys.events(taskId), exact: true });
    });
  }, [queryClient, taskId, enabled]);

  return { events: query.data, isLoading: enabled && query.data === undefined && query.error === null, error: invalidError ?? toTaskError(query.error) };
}
