import { useTaskEvents } from '@unstuck/task-hooks';
import { TaskTimeline, type TaskTimelineProps } from '../components/TaskTimeline';

/** Props of {@link ConnectedTaskTimeline}: `TaskTimeline`'s but `events`, and the task to read. */
export interface ConnectedTaskTimelineProps extends Omit<TaskTimelineProps, 'events'> {
  /** The task whose audit trail to show (a UUID). */
  taskId: string;
}

/**
 * `TaskTimeline` fed by `useTaskEvents`; refreshed whenever the watched row changes. Says
 * "Loading history…" until the first read settles; a failed read says so, with a "Try again" button.
 * @example
 * <ConnectedTaskTimeline taskId={id} />
 */
export function ConnectedTaskTimeline({ taskId, ...props }: ConnectedTaskTimelineProps) {
  // The timeline says "Loading history…" and is aria-busy while `events` is undefined and no read
  // has failed, which is the hook's `isLoading` for an enabled query.
  const { events, error, refetch } = useTaskEvents(taskId);
  // A malformed id never reaches the server, and a missing (or someone else's) task stays missing:
  // reading again cannot help, so no "Try again" for those.
  const reload = error && error.code !== 'invalid_id' && error.code !== 'not_found' ? refetch : undefined;
  return <TaskTimeline events={events} error={error} onReload={reload} {...props} />;
}
