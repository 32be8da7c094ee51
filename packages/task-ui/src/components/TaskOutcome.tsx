import type { ReactNode } from 'react';
import { formatDuration } from '../internal/format';
import { clip, durationOf, getReaperVerdict, resultText } from '../internal/state';
import type { TaskMessages } from '../messages';
import type { DisplayState, TaskRowLike, TaskStatusLike } from '../types';

// The clipping lengths (result 600, error 400 characters) are literals where they are used: a
// module-level constant for each cost bytes of the 6 kB budget in the built bundle.

/**
 * The body of a card that is not running: result, failure, cancellation or why nothing shows.
 * A function the card calls, not a component: it uses no hooks, and a component's props object
 * kept its property names in the minified bundle. `renderResult` replaces the default result
 * text of a completed task (in {@link CompletedOutcome}, which may call hooks).
 */
export function taskOutcome(
  state: DisplayState,
  status: TaskStatusLike | undefined,
  messages: TaskMessages,
  renderResult: ((result: unknown) => ReactNode) | undefined,
) {
  const task = status?.task;
  // A component of its own, mounted when the task completes: a `renderResult` that calls a hook
  // (a "Show more" toggle) called in the card's render made React throw when the task completed
  // or ran again ("Rendered more hooks than during the previous render").
  if (state === 'completed') return <CompletedOutcome c={[task, messages, renderResult]} />;
  if (state === 'failed') {
    // A reaper failure is explained by the card's verdict; the row's own text would repeat it.
    return !getReaperVerdict(state, task) && (
      <div className="unstuck-error" data-code={task?.error_code}>
        <p className="unstuck-error-title">{messages.failedTitle}</p>
        <p className="unstuck-error-message">{errorText(task?.error_message, messages)}</p>
        {task?.error_code && <p className="unstuck-error-code">{messages.errorCode(clip(task.error_code, 60))}</p>}
      </div>
    );
  }
  // Every other state that is not running is one line of text (one element for all: fewer bytes).
  const text = state === 'loading' ? messages.loading
    : state === 'error' ? messages.loadError(errorText(status?.error?.message, messages))
    : state === 'not_found' ? messages.notFound
    // The raw status, clipped so junk cannot flood the UI; String() makes junk (a number, an
    // object) printable and returns a string as it is.
    : state === 'unknown' ? messages.unknownStatus(clip(String(task?.status ?? status?.status), 40))
    : state === 'cancelled' ? messages.cancelledByUser : null;
  return text !== null && (
    <>
      <p className="unstuck-card-text" data-kind={state === 'error' ? state : undefined}>{text}</p>
      {/* The reaper's cancel_timeout carried out the user's cancel: the same story, and why it
          took the server to end it. */}
      {state === 'cancelled' && task?.error_code === 'cancel_timeout' && <p className="unstuck-card-meta">{messages.verdicts.cancel_timeout}</p>}
    </>
  );
}

/**
 * A completed task's result and how long it took. Its one prop is a tuple: a props object's
 * property names stay in the minified bundle.
 */
function CompletedOutcome({ c: [task, messages, renderResult] }: {
  c: [TaskRowLike | undefined, TaskMessages, ((result: unknown) => ReactNode) | undefined];
}) {
  const result = task?.result;
  const custom = renderResult?.(result);
  const text = custom === undefined ? resultText(result, 600) : null;
  const took = formatDuration(durationOf(task), messages.locale);
  return (
    <>
      {/* A render function that returns nothing (null, false) has nothing to show: no "Result"
          label over an empty value; 0 is something (React renders it). Undefined is "not
          mine": the default text. */}
      {(custom === 0 || custom || text) && (
        <div className="unstuck-result">
          <p className="unstuck-result-label">{messages.resultLabel}</p>
          {custom ?? <p className="unstuck-result-value">{text}</p>}
        </div>
      )}
      {took && <p className="unstuck-card-meta">{messages.took(took)}</p>}
    </>
  );
}

function errorText(message: unknown, messages: TaskMessages): string {
  return typeof message === 'string' && message.trim() ? clip(message.trim(), 400) : messages.errorFallback;
}
