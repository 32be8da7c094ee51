import type { CSSProperties, HTMLAttributes } from 'react';
import { createContext, forwardRef, useContext } from '../internal/react';
import { useTaskMessages } from '../context';
import { cx } from '../internal/dom';
import { formatAgo, formatPercent, isFiniteNumber, parseTime } from '../internal/format';
import { clip, getDisplayState, toPercent } from '../internal/state';
import type { PartialTaskMessages, TaskMessages } from '../messages';
import type { TaskRowLike, TaskStatusLike } from '../types';

/** Props of {@link TaskProgress}; other props go to its root `div`. */
export interface TaskProgressProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** A `useTaskStatus` result (or the same shape); the props below override it. */
  status?: TaskStatusLike;
  /**
   * 0..1; null, missing or out of range shows an indeterminate bar (a still 0% once `status` has
   * ended). Shown in whole percent rounded down, at most 99% unless `status` is completed (or
   * absent). Without it, a completed `status` is 100% whatever its last reported progress.
   */
  value?: number | null;
  /** The worker's progress message. */
  message?: string | null;
  /** Milliseconds on the server clock since the task was created; not shown once `status` has ended. */
  elapsedMs?: number | null;
  /** Strings for this component only, over the provider's. */
  messages?: PartialTaskMessages;
}

/**
 * The id of a `TaskCard`'s heading, which the card provides around its own bar (and only that
 * one). In a list of cards every bar was named "Progress": a screen reader said "Progress, 45%"
 * for each, with nothing to tell which task it was.
 */
export const CardHeadingContext = createContext<string | undefined>(undefined);

/** "Started 3 minutes ago" from server timestamps: elapsed since creation minus the queue wait. */
function elapsedText(task: TaskRowLike | undefined, elapsedMs: number | null | undefined, messages: TaskMessages): string | null {
  if (!isFiniteNumber(elapsedMs)) return null;
  const created = parseTime(task?.created_at);
  const started = parseTime(task?.started_at);
  const running = task?.status === 'processing' && created !== null && started !== null && started >= created;
  const ago = formatAgo(running ? elapsedMs - (started - created) : elapsedMs, messages.locale);
  return running ? messages.startedAgo(ago) : messages.submittedAgo(ago);
}

/**
 * A progress bar (`role="progressbar"`) with its value and a text alternative, plus the elapsed
 * time in words. Indeterminate while the worker reports no usable progress; still, empty and
 * "Waiting for a worker" (`data-state="waiting"`) while the task is pending; still at what was
 * reported, with no elapsed time, once it has ended.
 * @example
 * <TaskProgress status={useTaskStatus(id)} />
 * <TaskProgress value={0.4} message="Rendering" elapsedMs={95_000} />
 */
export const TaskProgress = forwardRef<HTMLDivElement, TaskProgressProps>(function TaskProgress(
  { status, value, message, elapsedMs, messages: messagesProp, className, style, ...rest },
  ref,
) {
  const messages = useTaskMessages(messagesProp);
  const cardHeading = useContext(CardHeadingContext);
  const task = status?.task;
  const taskState = status ? getDisplayState(status) : undefined;
  // No worker has the task yet (pending, or pending with a cancel request): nothing is being
  // done, so no moving bar, and none of the progress a pending row should not carry anyway.
  const waiting = (task?.status ?? status?.status) === 'pending';
  // An ended task has nothing in progress: its bar stands still at what was reported (all of it
  // once completed, none when nothing was), never sliding on as "In progress".
  const completed = taskState === 'completed';
  const ended = completed || taskState === 'failed' || taskState === 'cancelled';
  // One number for the fill, aria-valuenow and the text. 100 only once the task has completed, or
  // for a bare `value` with no task to say otherwise.
  const pct = waiting ? 0
    : toPercent(value === undefined ? completed ? 1 : task?.progress : value, !status || completed) ?? (ended ? 0 : null);
  // Clipped at 200 characters (a literal: a module-level constant cost bytes of the budget).
  const rawMessage = waiting ? null : message === undefined ? task?.progress_message : message;
  const text = typeof rawMessage === 'string' && rawMessage.trim() ? clip(rawMessage.trim(), 200) : null;
  // The hook's elapsedMs of an ended task is its fixed run time: "Submitted 3 minutes ago" from it
  // would stay 3 minutes for good. Only a task still going says how long ago it began.
  const elapsed = ended ? null : elapsedText(task, elapsedMs === undefined ? status?.elapsedMs : elapsedMs, messages);
  const percent = waiting ? messages.waitingForWorker : pct === null ? null : formatPercent(pct / 100, messages.locale);
  const state = waiting ? 'waiting' : pct === null ? 'indeterminate' : 'determinate';
  const barStyle = { ...style, '--unstuck-progress': (pct ?? 0) / 100 } as CSSProperties;
  return (
    <div
      ref={ref}
      className={cx('unstuck-progress', className)}
      data-state={state}
      data-task-state={taskState}
      style={barStyle}
      {...rest}
    >
      <div
        className="unstuck-progress-track"
        role="progressbar"
        // A card's own bar: named by the card's heading, then by itself, i.e. its aria-label
        // ("Image generation Progress"); on its own (or in a card's children) by the label alone.
        // Its id is the heading's and a letter: unique, as the card's own bar is the only one its
        // provider reaches.
        id={cardHeading && cardHeading + 'p'}
        aria-labelledby={cardHeading && `${cardHeading} ${cardHeading}p`}
        aria-label={messages.progressLabel}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={messages.progressText({ percent, message: text, elapsed })}
      >
        <div className="unstuck-progress-bar" />
      </div>
      {(percent || text) && (
        <p className="unstuck-progress-text">{[percent, text].filter(Boolean).join(' · ')}</p>
      )}
      {elapsed && <p className="unstuck-progress-elapsed">{elapsed}</p>}
    </div>
  );
});
