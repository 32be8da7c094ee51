import type { MouseEvent } from 'react';
import type { TaskMessages } from '../messages';
import { useRef, useState } from './react';

export interface ActionButtonProps {
  action: 'cancel' | 'retry' | 'reload';
  /**
   * Where its text comes from: `cancel` / `cancelPending` ("Cancelling…" while the request runs),
   * `retry` / `retryPending`, and `timelineReload` for reload, the same while it runs. Looked up
   * here rather than passed as labels by each of the five callers: fewer bytes of the budget.
   */
  messages: TaskMessages;
  /** The request runs (as the hook reports it); a returned promise counts too. @default false */
  pending?: boolean;
  /** May return a promise; a rejection is left to the caller's state (the hook's `error`). */
  onPress: () => unknown;
}

/**
 * A task action. While its request runs it stays focusable with `aria-disabled` (a `disabled`
 * button would drop keyboard focus to the body) and ignores further presses.
 */
export function ActionButton({ action, messages, pending, onPress }: ActionButtonProps) {
  // A caller's own onCancel / onRetry may report no pending state: until its promise settles the
  // button counts as pending itself, so a double click cannot start two retries. The ref answers
  // a second click that comes before the re-render.
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const shown = pending || busy;
  const onClick = (event: MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    if (shown || inFlight.current) return;
    const outcome = onPress();
    if (outcome instanceof Promise) {
      const settled = () => {
        inFlight.current = false;
        setBusy(false);
      };
      inFlight.current = true;
      setBusy(true);
      // On either outcome; passing it as the rejection handler also keeps a failure unreported.
      outcome.then(settled, settled);
    }
  };
  return (
    <button
      type="button"
      className="unstuck-button"
      data-action={action}
      data-pending={shown || undefined}
      aria-disabled={shown || undefined}
      onClick={onClick}
    >
      {action === 'reload' ? messages.timelineReload : messages[shown ? (`${action}Pending` as const) : action]}
    </button>
  );
}
