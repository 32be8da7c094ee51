import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { TaskError, isTaskId } from '../core/errors';
import { parseTaskEvent } from '../core/parse';
import type { TaskEvent, TaskRow } from '../core/types';
import { useTaskContext } from './context';
import { toTaskError } from './derive';
import { isTaskKey, taskKeys } from './keys';

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
  const valid = isTaskId(id);
  const taskId = valid ? id : '';
  const enabled = (options.enabled ?? true) && valid;
  const query = useQuery({
    queryKey: taskKeys.events(taskId),
    queryFn: async ({ signal }) => (await client.source.fetchEvents(taskId, signal)).map(parseTaskEvent),
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

  const invalid = useMemo(() => (id != null && !valid ? new TaskError('invalid_id', `Task id must be a UUID, got ${JSON.stringify(id)}`) : null), [id, valid]);
  return { events: query.data, isLoading: enabled && query.data === undefined && query.error === null, error: invalid ?? toTaskError(query.error) };
}
