import type { HTMLAttributes, ReactNode } from 'react';
import { forwardRef, memo, useEffect, useId, useRef } from '../internal/react';
import { AnnouncerContext, useAnnouncer } from '../announcer';
import { useTaskMessages } from '../context';
import { ActionButton } from '../internal/ActionButton';
import { cx, headingTag, stateLabel } from '../internal/dom';
import { clip, getDisplayState, getHealth, getReaperVerdict, isActiveState } from '../internal/state';
import { useFocusRecovery } from '../internal/useFocusRecovery';
import type { PartialTaskMessages } from '../messages';
import type { TaskStatusLike } from '../types';
import { StuckTaskWarning } from './StuckTaskWarning';
import { taskOutcome } from './TaskOutcome';
import { CardHeadingContext, TaskProgress } from './TaskProgress';
import { TaskStatusBadge } from './TaskStatusBadge';

/** Props of {@link TaskCard}; other props go to its `article`. */
export interface TaskCardProps extends Omit<HTMLAttributes<HTMLElement>, 'title'> {
  /** A `useTaskStatus` result, or a hand-built object of the same shape. */
  status: TaskStatusLike;
  /** The heading; defaults to the task type in words (`messages.title`). */
  title?: ReactNode;
  /**
   * The heading's level, 2 to 6 (h1 is the page's: 1 renders h2, 7 h6; a non-integer the default). Its warning's heading (and a connected card's timeline's) is one level below.
   * @default 3
   */
  headingLevel?: number;
  /** Adds a "Contact support" link to the stuck warning. */
  supportHref?: string;
  /**
   * Renders a completed task's result; defaults to its text or compact JSON, clipped. Returning
   * undefined keeps that default; null or false shows no result (no "Result" label).
   */
  renderResult?: (result: unknown) => ReactNode;
  /** Overrides `status.cancel`. @default status.cancel */
  onCancel?: () => unknown;
  /** Overrides `status.retry`. @default status.retry */
  onRetry?: () => unknown;
  /** Strings for this card only, over the provider's. */
  messages?: PartialTaskMessages;
  /** Extra content at the end of the card (a `TaskTimeline`, links …). */
  children?: ReactNode;
}

const TaskCardImpl = forwardRef<HTMLElement, TaskCardProps>(function TaskCard(props, ref) {
  const { status, title, headingLevel, supportHref, renderResult, onCancel, onRetry, messages: messagesProp,
    className, children, ...rest } = props;
  const messages = useTaskMessages(messagesProp);
  const headingId = useId();
  const [root, heading] = useFocusRecovery(ref, rest);

  const state = getDisplayState(status);
  const [health] = getHealth(status, state);
  const task = status?.task;
  const verdict = getReaperVerdict(state, task);
  const active = isActiveState(state);
  const warning = verdict !== null || health !== 'ok';
  const cancel = onCancel ?? status?.cancel;
  const retry = onRetry ?? status?.retry;
  // The hook reports canCancel / canRetry false while that request is out; the button stays (as
  // "Cancelling…", aria-disabled) so it keeps focus and says what is happening.
  const showCancel = active && state !== 'cancelling' && !warning && cancel && ((status?.canCancel ?? true) || status?.isCancelPending);
  const showRetry = (state === 'failed' || state === 'cancelled') && !verdict && retry && ((status?.canRetry ?? true) || status?.isRetryPending);

  const [announce, region] = useAnnouncer();
  // Says a change of state or health (not a progress tick) after the commit, naming the card as
  // its heading does (a `title` may be markup): by its text once rendered. Quiet on the first
  // state after loading; a reload in between (as when a card follows a retry) is skipped. The
  // task is part of what is said: a card switched to another task (the app's new `taskId`, a new
  // submission in its place) says that task's state once. It used to say it only when it
  // happened to differ from the previous task's: from a running task to another running one,
  // nothing.
  const said = `${state}:${health}:${task?.id}`;
  // The last state said or shown; '' until one has been shown (a card that mounts loading, then
  // loads, does not say the state it loaded).
  const previous = useRef(state === 'loading' ? '' : said);
  useEffect(() => {
    if (state === 'loading' || previous.current === said) return;
    if (previous.current) announce(messages.announce(heading.current!.textContent!, stateLabel(messages, state, health)));
    previous.current = said;
  });
  const Heading = headingTag(headingLevel, 3);
  // A fetch or an action failed after the task was shown (the first fetch failing is `error`).
  const fetchError = state !== 'error' && status?.error;
  const notice = fetchError && messages.fetchError(fetchError.message ? clip(fetchError.message, 200) : messages.errorFallback);
  // A Cancel or Retry that failed is said to whoever pressed it: a new error when the request
  // ends. `acting` holds the error shown when it went out (0 while none is out): that one, still
  // shown meanwhile (the other action's, a read's), is not news, and saying it on each render
  // while the request ran made the card's own region render the card again, in a loop. A read
  // failing while none is out is only shown: in a list, one outage would be said by every card.
  const pending = status?.isCancelPending || status?.isRetryPending;
  const acting = useRef<readonly unknown[] | 0>(0);
  useEffect(() => {
    const before = acting.current;
    acting.current = pending ? before || [fetchError] : 0;
    if (!pending && before && fetchError !== before[0] && notice) announce(notice);
  });

  return (
    <article
      className={cx('unstuck-card', className)}
      aria-labelledby={headingId}
      aria-busy={state === 'loading' || undefined}
      data-state={state}
      data-health={verdict ? 'stuck' : health}
      {...rest}
      {...root}
    >
      <div className="unstuck-card-header">
        <Heading id={headingId} ref={heading} tabIndex={-1} className="unstuck-card-title">
          {title ?? messages.title(task?.type ?? null)}
        </Heading>
        {/* The badge reads state and health from `status` as the card does. */}
        <TaskStatusBadge status={status} messages={messagesProp} />
      </div>
      {status?.connection === 'offline' && <p className="unstuck-notice" data-kind="offline">{messages.offline}</p>}
      {notice && <p className="unstuck-notice" data-kind="error">{notice}</p>}
      {active ? (
        // Its bar is named after the card: "Image generation Progress", not one more "Progress".
        <CardHeadingContext.Provider value={headingId}>
          <TaskProgress status={status} messages={messagesProp} />
        </CardHeadingContext.Provider>
      ) : taskOutcome(state, status, messages, renderResult)}
      {/* The warning and a timeline in the card speak through the card's region: one region per card. */}
      <AnnouncerContext.Provider value={announce}>
        {/* One level below the card's heading: its tag is h2..h6, one digit after the h. The
            warning finds the same verdict in `status` as the card. */}
        {warning && (
          <StuckTaskWarning status={status} onCancel={cancel} onRetry={retry} supportHref={supportHref}
            headingLevel={+Heading[1]! + 1} messages={messagesProp} />
        )}
        {(showCancel || showRetry) && (
          <div className="unstuck-actions">
            {showCancel && (
              <ActionButton action="cancel" messages={messages} pending={status.isCancelPending} onPress={cancel} />
            )}
            {showRetry && (
              <ActionButton action="retry" messages={messages} pending={status.isRetryPending} onPress={retry} />
            )}
          </div>
        )}
        {children}
      </AnnouncerContext.Provider>
      {region}
    </article>
  );
});

/**
 * One task at a glance: heading, status badge, progress with elapsed time, the stuck warning with
 * Cancel / Retry, and the result or error. Works from plain props; memoised, so in a list only the
 * card whose `status` object changed re-renders (keep callbacks stable, or use `status.cancel`).
 * Focus moves to the card's heading when the control that had it goes away.
 * @example
 * <TaskCard status={useTaskStatus(id)} supportHref="/support" />
 */
export const TaskCard = memo(TaskCardImpl);
TaskCard.displayName = 'TaskCard';
