// @unstuck/task-ui: accessible, unstyled-first components for background tasks. They read plain
// props shaped like `useTaskStatus`'s result and need no provider; `@unstuck/task-ui/connected`
// holds the variants that call the hooks themselves.
export { TaskStatusBadge, type TaskStatusBadgeProps } from './components/TaskStatusBadge';
export { TaskProgress, type TaskProgressProps } from './components/TaskProgress';
export { StuckTaskWarning, type StuckTaskWarningProps } from './components/StuckTaskWarning';
export { TaskCard, type TaskCardProps } from './components/TaskCard';
export { TaskTimeline, type TaskTimelineProps, type TaskEventLike } from './components/TaskTimeline';
export { TaskAnnouncer } from './announcer';
export { TaskMessagesProvider, useTaskMessages, type TaskMessagesProviderProps } from './context';
export { defaultMessages, mergeMessages, type TaskMessages, type PartialTaskMessages, type ReaperCode } from './messages';
export { getDisplayState } from './internal/state';
export type {
  DisplayState,
  HealthReason,
  HealthState,
  TaskErrorLike,
  TaskHealthLike,
  TaskRowLike,
  TaskStatusLike,
  ConnectionLike,
} from './types';
