import { useTaskEvents } from '@unstuck/task-hooks';
import { TaskTimeline, type TaskTimelineProps } from '../components/TaskTimeline';

export interface ConnectedTaskTimelineProps extends Omit<TaskTimelineProps, 'events'> {
  taskId: string;
}

/**
 * `TaskTimeline` fed by `useTaskEvents`; refreshed whenever the watched row changes.
 * @example
 * <ConnectedTaskTimeline taskId={id} />
 */
export function ConnectedTaskTimeline({ taskId, ...props }: ConnectedTaskTimelineProps) {
  // `isLoading`, not `events === undefined`: a failed read leaves events undefined for good, and
  // a region marked busy forever is one screen readers may keep skipping.
  const { events, isLoading } = useTaskEvents(taskId);
  return <TaskTimeline events={events} aria-busy={isLoading || undefined} {...props} />;
}
