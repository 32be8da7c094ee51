import type { MouseEvent } from 'react';
import { useRef, useState } from './react';

export interface ActionButtonProps {
  action: 'cancel' | 'retry' | 'reload';
  label: string;
  /** The text while its request runs. @default label */
  pendingLabel?: string;
  /** The request runs (as the hook reports it); a returned promise counts too. @default false */
  pending?: boolean;
  /** May return a promise; a rejection is left to the caller's state (the hook's `error`). */
  onPress: () => unknown;
}

/**
 * A task action. While its request runs it stays focusable with `aria-disabled` (a `disabled`
 * button would drop keyboard focus to the body) and ignores further presses.
 */
export function ActionButton({ action, label, pendingLabel = label, pending, onPress }: ActionButtonProps) {
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
      {shown ? pendingLabel : label}
    </button>
  );
}
