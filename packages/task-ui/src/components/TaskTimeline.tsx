import type { ElementType, HTMLAttributes, ReactNode } from 'react';
import { forwardRef, useEffect, useId, useRef, useSyncExternalStore } from '../internal/react';
import { useAnnouncer } from '../announcer';
import { useTaskMessages } from '../context';
import { ActionButton } from '../internal/ActionButton';
import { cx, headingTag } from '../internal/dom';
import { formatDateTime } from '../internal/format';
import { clip, own, resultText } from '../internal/state';
import { useFocusRecovery } from '../internal/useFocusRecovery';
import type { PartialTaskMessages } from '../messages';
import type { TaskErrorLike } from '../types';

/** One audit-trail entry; `TaskEvent` from `@unstuck/task-hooks` fits. */
export interface TaskEventLike {
  id: number | string;
  actor?: string | null;
  kind: string;
  reason?: string | null;
  at?: string | null;
}

/** Props of {@link TaskTimeline}; other props go to its root `section`. */
export interface TaskTimelineProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /**
   * Oldest first, as `fetchEvents` returns them. `undefined` means not read yet (as
   * `useTaskEvents` gives it while loading): the timeline says "Loading history…" and is
   * `aria-busy`. `null` or `[]` mean there are none: "No events yet.". A read that is switched
   * off never settles: leave the timeline out rather than pass its `undefined`.
   */
  events: readonly TaskEventLike[] | null | undefined;
  /**
   * The trail could not be read (`useTaskEvents`'s `error`): says so instead of "No events yet."
   * or "Loading history…" (never busy for good), and announces it politely. Each new error object
   * is a new failure, announced again (a second failed Try again too); keep it the same object
   * while nothing new failed, as the hook does.
   */
  error?: TaskErrorLike | null;
  /** Reads the trail again; with `error`, adds a "Try again" button. */
  onReload?: () => unknown;
  /**
   * Where another task's page is: a retry's entries then link the other task's id there. Linked
   * or not, the whole id is the text (`.unstuck-task-id`). The stylesheet shows a linked id as
   * its first 8 characters until it is hovered or its link focused, an unlinked one whole
   * (nothing could be focused to expand it).
   * @example taskHref={(id) => `/tasks/${id}`}
   */
  taskHref?: (id: string) => string;
  /**
   * What those links render as: a router's link component that takes `href` (Next.js's `Link`)
   * navigates without a page load. It receives `href`, `className` and `children`.
   * @default 'a'
   * @example linkAs={Link} // import Link from 'next/link'
   */
  linkAs?: ElementType<{ href: string; className: string; children: ReactNode }>;
  /**
   * The heading's level, 2 to 6 (h1 is the page's: 1 renders h2, 7 h6; a non-integer the default). In a `ConnectedTaskCard`, one below the card's.
   * @default 4
   */
  headingLevel?: number;
  /** Strings for this component only, over the provider's. */
  messages?: PartialTaskMessages;
}

const noSubscription = () => () => undefined;

// A retry's events carry the other task's id in `reason` (examples/supabase/migrations/0004).
// A UUID's shape, loosely (36 characters of hex digits and dashes): no error code looks like it,
// and the loose form costs fewer bytes of the size budget than the exact 8-4-4-4-12.
const TASK_ID = /^[\da-f]{8}-[\da-f-]{27}$/i;


/**
 * A task's audit trail as an ordered list: when, what, who and why.
 * @example
 * const { events, error, refetch } = useTaskEvents(id);
 * <TaskTimeline events={events} error={error} onReload={refetch} />
 */
export const TaskTimeline = forwardRef<HTMLElement, TaskTimelineProps>(function TaskTimeline(
  { events, error, onReload, taskHref, linkAs: Link = 'a', headingLevel, messages: messagesProp, className, ...rest },
  ref,
) {
  const messages = useTaskMessages(messagesProp);
  const headingId = useId();
  // "Try again" goes away once the trail loads: focus moves to the heading, not the body.
  const [root, heading] = useFocusRecovery(ref, rest);
  // The notice alone is not heard: screen readers hear only what a live region takes. Each new
  // error is said once; once none is left, the sentence leaves the region too. `!=` on purpose:
  // `error` left out (undefined) is no error, as null is. With `!==`, a timeline mounted without
  // one sent a withdraw and emptied a shared region of another component's sentence.
  // Withdrawing matches by text: one of two timelines in a region recovering also takes back the
  // other's identical, still current failure (its notice stays on screen; README, Accessibility).
  const [announce, region] = useAnnouncer();
  const announced = useRef<unknown>(null);
  const failedText = messages.timelineLoadError;
  useEffect(() => {
    if (error != announced.current) announce(failedText, !error);
    announced.current = error;
  });
  // A timeline that goes away (or moves to another region) takes its failure with it, and one
  // that comes back (StrictMode's second mount, <Activity> shown again) says it again.
  useEffect(() => () => {
    if (announced.current) announce(failedText, true);
    announced.current = null;
  }, [announce, failedText]);
  const Heading = headingTag(headingLevel, 4);
  const list = Array.isArray(events) ? events : [];
  // Not read yet. A failed read wins: its events stay undefined, and a region busy for good is one
  // screen readers may keep skipping. Only the text says it: nothing is announced for a load.
  const loading = events === undefined && !error;
  // The server's time zone is not the reader's: the server render and hydration show UTC (same
  // text on both sides, so hydration matches), then the client re-renders in local time.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <section className={cx('unstuck-timeline', className)} aria-labelledby={headingId} aria-busy={loading || undefined} {...rest} {...root}>
      <Heading id={headingId} ref={heading} tabIndex={-1} className="unstuck-timeline-title">
        {messages.timelineLabel}
      </Heading>
      {list.length === 0 ? (
        !error && <p className="unstuck-card-text">{loading ? messages.timelineLoading : messages.timelineEmpty}</p>
      ) : (
        // An explicit role: Safari (VoiceOver) no longer exposes a list styled `list-style: none`.
        <ol className="unstuck-timeline-list" role="list">
          {list.map((event, index) => {
            const when = formatDateTime(event.at, messages.locale, !hydrated);
            const kind = typeof event.kind === 'string' ? event.kind : 'unknown';
            // Actor and reason as text: one that is not a string (an object, a number) is shown
            // as its JSON rather than crash the render, and clipped like the rest.
            const actor = resultText(event.actor && (own(messages.actors, event.actor) ?? event.actor), 40);
            const kindText = own(messages.eventKinds, kind) ?? kind;
            const reason = resultText(event.reason, 80);
            // Another task's id (a retry's), whole in the text: screen readers read it, a link is
            // named by it, a selection copies it. The stylesheet shows a linked one as its first 8
            // characters (as git does) until it is pointed at or focused, an unlinked one whole.
            const taskId = reason && TASK_ID.test(reason) && <code className="unstuck-task-id">{reason}</code>;
            return (
              // React leaves out a null attribute as it does an undefined one; `when` is there only
              // for an `at` that parsed, a string.
              <li key={`${event.id}-${index}`} className="unstuck-timeline-item" data-kind={kind} data-actor={event.actor}>
                {when ? <time dateTime={event.at!}>{when}</time> : <span>{messages.unknownTime}</span>}
                <span className="unstuck-timeline-kind">{clip(kindText, 80)}</span>
                {actor && <span className="unstuck-timeline-actor">{actor}</span>}
                {taskId ? (
                  <span className="unstuck-timeline-reason">
                    {own(messages.eventTaskRef, kind)}{' '}
                    {taskHref ? <Link className="unstuck-link" href={taskHref(reason)}>{taskId}</Link> : taskId}
                  </span>
                ) : reason && <code className="unstuck-timeline-reason">{reason}</code>}
              </li>
            );
          })}
        </ol>
      )}
      {error && (
        <div className="unstuck-actions">
          <p className="unstuck-card-text" data-kind="error">{failedText}</p>
          {onReload && (
            <ActionButton action="reload" messages={messages} onPress={onReload} />
          )}
        </div>
      )}
      {region}
    </section>
  );
});
