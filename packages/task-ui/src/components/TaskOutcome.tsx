import type { ReactNode } from 'react';
import { formatDuration, parseTime } from '../internal/format';
import { clip, durationOf, rawStatus, resultText } from '../internal/state';
import type { TaskMessages } from '../messages';
import type { DisplayState, TaskStatusLike } from '../types';

const MAX_RESULT = 600;
const MAX_ERROR = 400;

export interface TaskOutcomeProps {
  state: DisplayState;
  status: TaskStatusLike | undefined;
  messages: TaskMessages;
  /** Replaces the default result text for a completed task. */
  renderResult?: (result: unknown) => ReactNode;
  /** True when the reaper ended the task (the card shows its verdict instead). */
  reaped?: boolean;
}

/** The body of a card that is not running: result, failure, cancellation or why nothing shows. */
export function TaskOutcome({ state, status, messages, renderResult, reaped }: TaskOutcomeProps) {
  const task = status?.task;
  switch (state) {
    case 'loading':
      return <p className="unstuck-card-text">{messages.loading}</p>;
    case 'error':
      return <p className="unstuck-card-text" data-kind="error">{messages.loadError(errorText(status?.error?.message, messages))}</p>;
    case 'not_found':
      return <p className="unstuck-card-text">{messages.notFound}</p>;
    case 'unknown':
      return <p className="unstuck-card-text">{messages.unknownStatus(rawStatus(status))}</p>;
    case 'completed': {
      const custom = renderResult?.(task?.result);
      const text = custom === undefined ? resultText(task?.result, MAX_RESULT) : null;
      const took = formatDuration(durationOf(task, parseTime), messages.locale);
      return (
        <>
          {(custom !== undefined || text) && (
            <div className="unstuck-result">
              <p className="unstuck-result-label">{messages.resultLabel}</p>
              {custom ?? <p className="unstuck-result-value">{text}</p>}
            </div>
          )}
          {took && <p className="unstuck-card-meta">{messages.took(took)}</p>}
        </>
      );
    }
    case 'failed':
      // A reaper failure is explained by the card's verdict; the row's own text would repeat it.
      if (reaped) return null;
      return (
        <div className="unstuck-error" data-code={task?.error_code ?? undefined}>
          <p className="unstuck-error-title">{messages.failedTitle}</p>
          <p className="unstuck-error-message">{errorText(task?.error_message, messages)}</p>
          {task?.error_code && <p className="unstuck-error-code">{messages.errorCode(clip(task.error_code, 60))}</p>}
        </div>
      );
    case 'cancelled':
      return <p className="unstuck-card-text">{messages.cancelledByUser}</p>;
    default:
      return null;
  }
}

function errorText(message: unknown, messages: TaskMessages): string {
  return typeof message === 'string' && message.trim() ? clip(message.trim(), MAX_ERROR) : messages.errorFallback;
}
