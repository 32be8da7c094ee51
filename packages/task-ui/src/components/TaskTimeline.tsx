import { forwardRef, useId, useSyncExternalStore, type HTMLAttributes } from 'react';
import { useTaskMessages } from '../context';
import { cx, headingTag } from '../internal/dom';
import { formatDateTime } from '../internal/format';
import { clip } from '../internal/state';
import type { PartialTaskMessages } from '../messages';

/** One audit-trail entry; `TaskEvent` from `@unstuck/task-hooks` fits. */
export interface TaskEventLike {
  id: number | string;
  actor?: string | null;
  kind: string;
  reason?: string | null;
  at?: string | null;
}

export interface TaskTimelineProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** Oldest first, as `fetchEvents` returns them. */
  events: readonly TaskEventLike[] | null | undefined;
  /** @default 4 */
  headingLevel?: number;
  messages?: PartialTaskMessages;
}

const noSubscription = () => () => undefined;

/**
 * A task's audit trail as an ordered list: when, what, who and why.
 * @example
 * <TaskTimeline events={events} />
 */
export const TaskTimeline = forwardRef<HTMLElement, TaskTimelineProps>(function TaskTimeline(
  { events, headingLevel, messages: messagesProp, className, ...rest },
  ref,
) {
  const messages = useTaskMessages(messagesProp);
  const headingId = useId();
  const Heading = headingTag(headingLevel, 4);
  const list = Array.isArray(events) ? events : [];
  // The server's time zone is not the reader's: the server render and hydration show UTC (same
  // text on both sides, so hydration matches), then the client re-renders in local time.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <section ref={ref} className={cx('unstuck-timeline', className)} aria-labelledby={headingId} {...rest}>
      <Heading id={headingId} className="unstuck-timeline-title">
        {messages.timelineLabel}
      </Heading>
      {list.length === 0 ? (
        <p className="unstuck-card-text">{messages.timelineEmpty}</p>
      ) : (
        <ol className="unstuck-timeline-list">
          {list.map((event, index) => {
            const when = formatDateTime(event.at, messages.locale, !hydrated);
            const kind = typeof event.kind === 'string' ? event.kind : 'unknown';
            // Own keys only: a server word like "constructor" would find Object's inherited function.
            const actor = event.actor ? ((Object.hasOwn(messages.actors, event.actor) ? messages.actors[event.actor] : null) ?? event.actor) : null;
            const kindText = (Object.hasOwn(messages.eventKinds, kind) ? messages.eventKinds[kind] : null) ?? kind;
            return (
              <li key={`${event.id}-${index}`} className="unstuck-timeline-item" data-kind={kind} data-actor={event.actor ?? undefined}>
                {when ? <time dateTime={event.at ?? undefined}>{when}</time> : <span>{messages.unknownTime}</span>}
                <span className="unstuck-timeline-kind">{clip(kindText, 80)}</span>
                {actor && <span className="unstuck-timeline-actor">{clip(actor, 40)}</span>}
                {event.reason && <code className="unstuck-timeline-reason">{clip(event.reason, 80)}</code>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
});
