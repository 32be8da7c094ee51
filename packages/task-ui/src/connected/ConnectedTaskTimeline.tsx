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
  const { events } = useTaskEvents(taskId);
  return <TaskTimeline events={events} aria-busy={events === undefined || undefined} {...props} />;
}
