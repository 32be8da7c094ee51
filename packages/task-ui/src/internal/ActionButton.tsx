import type { MouseEvent } from 'react';

export interface ActionButtonProps {
  action: 'cancel' | 'retry';
  label: string;
  pendingLabel: string;
  pending: boolean;
  /** May return a promise; a rejection is left to the caller's state (the hook's `error`). */
  onPress: () => unknown;
}

/**
 * A task action. While its request runs it stays focusable with `aria-disabled` (a `disabled`
 * button would drop keyboard focus to the body) and ignores further presses.
 */
export function ActionButton({ action, label, pendingLabel, pending, onPress }: ActionButtonProps) {
  const onClick = (event: MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    if (pending) return;
    const outcome = onPress();
    if (outcome instanceof Promise) outcome.catch(() => undefined);
  };
  return (
    <button
      type="button"
      className="unstuck-button"
      data-action={action}
      data-pending={pending || undefined}
      aria-disabled={pending || undefined}
      onClick={onClick}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
