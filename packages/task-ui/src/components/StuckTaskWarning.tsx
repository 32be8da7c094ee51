import type { HTMLAttributes } from 'react';
import { forwardRef, useEffect, useId, useRef } from '../internal/react';
import { useAnnouncer } from '../announcer';
import { useTaskMessages } from '../context';
import { ActionButton } from '../internal/ActionButton';
import { cx, headingTag, stateLabel } from '../internal/dom';
import { getDisplayState, getHealth, getReaperVerdict } from '../internal/state';
import { useFocusRecovery } from '../internal/useFocusRecovery';
import type { PartialTaskMessages, ReaperCode } from '../messages';
import type { HealthReason, HealthState, TaskStatusLike } from '../types';

/** Props of {@link StuckTaskWarning}; other props go to its `section`. */
export interface StuckTaskWarningProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** A `useTaskStatus` result (or the same shape); the props below override it. */
  status?: TaskStatusLike;
  /** @default the health of `status` */
  health?: HealthState;
  /** @default the health reason of `status` */
  reason?: HealthReason | null;
  /**
   * The reaper's code once the server ended the task; shows its verdict instead of a warning.
   * @default the code of a task the reaper failed (its `cancel_timeout` is the user's
   * cancellation: a neutral note, not a verdict). Passing it, `null` too, replaces that note.
   */
  verdict?: ReaperCode | null;
  /** @default status.cancel (no Cancel button without one) */
  onCancel?: () => unknown;
  /** @default status.retry (no Retry button without one) */
  onRetry?: () => unknown;
  /** @default status.canCancel, else true */
  canCancel?: boolean;
  /** @default status.canRetry, else true */
  canRetry?: boolean;
  /** Shows Cancel as "Cancelling…" (`aria-disabled`). @default status.isCancelPending */
  cancelPending?: boolean;
  /** Shows Retry as "Retrying…" (`aria-disabled`). @default status.isRetryPending */
  retryPending?: boolean;
  /** Where "Contact support" links to; no link without it. */
  supportHref?: string;
  /**
   * The heading's level, 2 to 6 (h1 is the page's: 1 renders h2, 7 h6; a non-integer the default). In a `TaskCard`, one below the card's.
   * @default 4
   */
  headingLevel?: number;
  /** Strings for this warning only, over the provider's. */
  messages?: PartialTaskMessages;
}

/**
 * Says why a task looks slow or stuck, in words that fit `health.reason`, and offers Cancel,
 * Retry and a support link. Once the reaper failed the task (`pending_timeout`,
 * `heartbeat_timeout` or `max_runtime`) it shows the server's verdict instead. Once the reaper
 * carried out the user's cancel (`cancel_timeout`) it is a neutral note in the card's words, with
 * Retry. Renders nothing for a healthy task, nor for any other finished one.
 * @example
 * <StuckTaskWarning status={useTaskStatus(id)} supportHref="/help" />
 */
export const StuckTaskWarning = forwardRef<HTMLElement, StuckTaskWarningProps>(function StuckTaskWarning(props, ref) {
  const { status, health: healthProp, reason: reasonProp, verdict: verdictProp, onCancel, onRetry, canCancel, canRetry,
    cancelPending, retryPending, supportHref, headingLevel, messages: messagesProp, className, ...rest } = props;
  const messages = useTaskMessages(messagesProp);
  const headingId = useId();
  const state = getDisplayState(status);
  const [derivedHealth, derivedReason] = getHealth(status, state);
  const health = healthProp ?? derivedHealth;
  const [announce, region] = useAnnouncer();
  const reason = reasonProp === undefined ? derivedReason : reasonProp;
  const verdict = verdictProp === undefined ? getReaperVerdict(state, status?.task) : verdictProp;
  // The reaper carried out the user's stuck cancel (cancel_timeout): not a verdict, yet a warning
  // the user was on must not vanish under their focus. It stays as a neutral note, in the card's
  // words (taskOutcome), with Retry as a cancelled task has it. Only by default: a `verdict` the
  // caller passes (null too) overrides it, as the props override `status`.
  const note = state === 'cancelled' && status!.task?.error_code === 'cancel_timeout' && verdictProp === undefined;
  // Whether it showed as slow or stuck last render: a warning turning into the note says so once.
  // The note is never "stuck" itself, whatever `health` a caller passes along with it: else each
  // re-render of the note (every poll) would say the end again.
  const stuck = useRef(false);
  const fresh = note && stuck.current;
  const say = () => status && announce(messages.announce(messages.title(status.task?.type ?? null), stateLabel(messages, state, health)));
  // On its own, when Cancel or Retry goes away (the task moved on) focus moves to the warning's
  // heading, not the body, and the change is said as a card says it (once: a fresh note says it
  // below). Inside a card (its region, see TaskCard) the card keeps focus first, so this does
  // nothing there. A warning fed by props alone (no `status`) has no task state to say: it only
  // moves focus. A warning that went away altogether (it renders nothing) has no heading to
  // focus; a TaskAnnouncer's region still says the change, its own region left with it and what
  // it says is dropped (see announcer.tsx).
  const [root, heading] = useFocusRecovery(ref, rest, () => fresh || say());
  const code = note ? 'cancel_timeout' : verdict;
  useEffect(() => {
    if (fresh) say();
    stuck.current = !note && health !== 'ok';
  });
  if (!code && health === 'ok') return null;

  const cancel = onCancel ?? status?.cancel;
  const retry = onRetry ?? status?.retry;
  const isCancelPending = cancelPending ?? status?.isCancelPending;
  const isRetryPending = retryPending ?? status?.isRetryPending;
  // The hook reports canCancel / canRetry false while that request is out; the pending button
  // stays (aria-disabled, "Cancelling…") so focus and the user's context are kept.
  const showCancel = !code && state !== 'cancelling' && cancel && ((canCancel ?? status?.canCancel ?? true) || isCancelPending);
  const showRetry = retry && ((canRetry ?? status?.canRetry ?? true) || isRetryPending);
  const Heading = headingTag(headingLevel, 4);
  const title = note ? messages.cancelledByUser : verdict ? messages.warningTitle.reaped : messages.warningTitle[health === 'stuck' ? 'stuck' : 'slow'];
  const detail = code ? messages.verdicts[code] : reason ? messages.reasons[reason] : null;
  return (
    <section
      className={cx('unstuck-warning', className)}
      aria-labelledby={headingId}
      data-health={verdict ? 'stuck' : health}
      data-state={note ? state : verdict ? 'reaped' : 'warning'}
      data-reason={code ?? reason}
      {...rest}
      {...root}
    >
      <Heading id={headingId} ref={heading} tabIndex={-1} className="unstuck-warning-title">
        {title}
      </Heading>
      {detail && <p className="unstuck-warning-detail">{detail}</p>}
      {(showCancel || showRetry || supportHref) && (
        <div className="unstuck-actions">
          {showCancel && (
            <ActionButton action="cancel" messages={messages} pending={isCancelPending} onPress={cancel} />
          )}
          {showRetry && (
            <ActionButton action="retry" messages={messages} pending={isRetryPending} onPress={retry} />
          )}
          {supportHref && (
            <a className="unstuck-link" href={supportHref}>
              {messages.support}
            </a>
          )}
        </div>
      )}
      {region}
    </section>
  );
});
