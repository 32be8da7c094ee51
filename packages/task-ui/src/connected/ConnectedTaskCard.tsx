import { useTaskStatus, type SubmitResult, type UseTaskStatusOptions } from '@unstuck/task-hooks';
import { useState, type ReactNode } from 'react';
import { TaskCard, type TaskCardProps } from '../components/TaskCard';
import type { TaskTimelineProps } from '../components/TaskTimeline';
import { headingTag } from '../internal/dom';
import { ConnectedTaskTimeline } from './ConnectedTaskTimeline';

/** Props of {@link ConnectedTaskCard}: `TaskCard`'s but `status`, and what to watch. */
export interface ConnectedTaskCardProps extends Omit<TaskCardProps, 'status'> {
  /**
   * The task to watch (a UUID). A new value starts watching that task, and its state is said
   * once it is read, as a followed retry's is ("Import: Running").
   */
  taskId: string;
  /** Options for `useTaskStatus` (thresholds, callbacks …). */
  options?: UseTaskStatusOptions;
  /**
   * After a successful Retry, watch the new task in this same card (focus stays in it).
   * @default true
   */
  followRetry?: boolean;
  /** Called with the id the card watches after it followed a retry. */
  onTaskChange?: (taskId: string) => void;
  /**
   * Show the task's audit trail under the card, once the task has been read (not while it loads,
   * nor when it is not found: it has none).
   * @default false
   */
  showTimeline?: boolean;
  /** With `showTimeline`: the link of another task the timeline names (a retry's), as `TaskTimeline`'s. */
  taskHref?: (id: string) => string;
  /** With `showTimeline`: what that link renders as (a router's `Link`), as `TaskTimeline`'s. */
  linkAs?: TaskTimelineProps['linkAs'];
  children?: ReactNode;
}

/**
 * `TaskCard` fed by `useTaskStatus`, inside a `TaskProvider`. Retry moves the card to the new task.
 * @example
 * <TaskProvider source={source}>
 *   <ConnectedTaskCard taskId={id} supportHref="/support" showTimeline />
 * </TaskProvider>
 */
export function ConnectedTaskCard({ taskId, options, followRetry = true, onTaskChange, showTimeline = false, taskHref, linkAs, children, ...cardProps }: ConnectedTaskCardProps) {
  const [watched, setWatched] = useState({ from: taskId, id: taskId });
  // A new `taskId` prop wins over a followed retry.
  const current = watched.from === taskId ? watched.id : taskId;
  if (watched.from !== taskId) setWatched({ from: taskId, id: taskId });

  const status = useTaskStatus(current, {
    ...options,
    onRetry: (result: SubmitResult) => {
      options?.onRetry?.(result);
      if (followRetry && result.task.id !== current) {
        setWatched({ from: taskId, id: result.task.id });
        onTaskChange?.(result.task.id);
      }
    },
  });
  // A timeline only under a task that has been read: the trail of one that is not there (missing,
  // not the caller's, a malformed id) could only fail to load, which was shown under the card and
  // said to screen readers (twice: read on mount, again once the row was known to be missing), and
  // a trail read while the row still loads fails before the card knows the task is missing.
  // Heading: one below the one the card really renders (it clamps 1 to h2, ignores 2.5).
  return (
    <TaskCard status={status} {...cardProps}>
      {showTimeline && status.task && <ConnectedTaskTimeline taskId={current} headingLevel={Number(headingTag(cardProps.headingLevel, 3).slice(1)) + 1} messages={cardProps.messages} taskHref={taskHref} linkAs={linkAs} />}
      {children}
    </TaskCard>
  );
}
