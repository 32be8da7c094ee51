import { useQueryClient } from '@tanstack/react-query';
import { taskKeys, useTaskEvents } from '@unstuck/task-hooks';
import { TaskTimeline, type TaskTimelineProps } from '../components/TaskTimeline';

export interface ConnectedTaskTimelineProps extends Omit<TaskTimelineProps, 'events'> {
  taskId: string;
}

/**
 * `TaskTimeline` fed by `useTaskEvents`; refreshed whenever the watched row changes. A failed
 * read says so, with a "Try again" button.
 * @example
 * <ConnectedTaskTimeline taskId={id} />
 */
export function ConnectedTaskTimeline({ taskId, ...props }: ConnectedTaskTimelineProps) {
  // `isLoading`, not `events === undefined`: a failed read leaves events undefined for good, and
  // a region marked busy forever is one screen readers may keep skipping.
  const { events, isLoading, error } = useTaskEvents(taskId);
  const queryClient = useQueryClient();
  // The hook hands out no refetch: read its query again by key (it keys by the lower-case id, as
  // `taskQueryOptions` does). A malformed id never reaches the server, so reading again cannot help.
  const reload = error && error.code !== 'invalid_id'
    ? () => queryClient.refetchQueries({ queryKey: taskKeys.events(taskId.toLowerCase()), exact: true })
    : undefined;
  return <TaskTimeline events={events} error={error} onReload={reload} aria-busy={isLoading || undefined} {...props} />;
}
