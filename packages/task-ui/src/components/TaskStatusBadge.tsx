import type { HTMLAttributes } from 'react';
import { forwardRef } from '../internal/react';
import { useTaskMessages } from '../context';
import { cx, stateLabel } from '../internal/dom';
import { getDisplayState, getHealth } from '../internal/state';
import type { PartialTaskMessages } from '../messages';
import type { DisplayState, HealthState, TaskStatusLike } from '../types';

/** Props of {@link TaskStatusBadge}; other props go to its `span`. */
export interface TaskStatusBadgeProps extends HTMLAttributes<HTMLSpanElement> {
  /** A `useTaskStatus` result (or the same shape); `state` and `health` override it. */
  status?: TaskStatusLike;
  /** The state to show; one `messages.states` has no label for is ignored. @default getDisplayState(status) */
  state?: DisplayState;
  /** @default the health of `status` (`ok` unless the task is active) */
  health?: HealthState;
  /** Strings for this badge only, over the provider's. */
  messages?: PartialTaskMessages;
}

/**
 * A short label for a task's state, with `data-state` and `data-health` for styling.
 * @example
 * <TaskStatusBadge status={useTaskStatus(id)} />
 * <TaskStatusBadge state="processing" health="stuck" />
 */
export const TaskStatusBadge = forwardRef<HTMLSpanElement, TaskStatusBadgeProps>(function TaskStatusBadge(
  { status, state: stateProp, health: healthProp, messages: messagesProp, className, ...rest },
  ref,
) {
  const messages = useTaskMessages(messagesProp);
  const state = Object.hasOwn(messages.states, stateProp!) ? stateProp! : getDisplayState(status);
  const health = healthProp ?? getHealth(status, state)[0];
  return (
    <span ref={ref} className={cx('unstuck-badge', className)} data-state={state} data-health={health} {...rest}>
      {stateLabel(messages, state, health)}
    </span>
  );
});
