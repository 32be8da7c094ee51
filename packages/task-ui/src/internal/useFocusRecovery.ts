import type { FocusEvent, RefObject } from 'react';
import { useLayoutEffect, useRef } from './react';

type FocusHandler = (event: FocusEvent<HTMLElement>) => void;

/**
 * Keeps keyboard focus inside a card when the control that had it disappears (the Cancel button
 * once the task is cancelled, Retry once the new attempt shows): focus moves to `target` (the
 * card's heading) instead of falling to the document body. Returns the container's onFocus /
 * onBlur, which also call the caller's own (`handlers`).
 */
export function useFocusRecovery(
  container: RefObject<HTMLElement | null>,
  target: RefObject<HTMLElement | null>,
  handlers: { onFocus?: FocusHandler | undefined; onBlur?: FocusHandler | undefined },
) {
  const lastFocused = useRef<Element | null>(null);

  useLayoutEffect(() => {
    const last = lastFocused.current;
    if (!last || container.current?.contains(last)) return;
    lastFocused.current = null;
    const active = last.ownerDocument.activeElement;
    if (active === null || active === last.ownerDocument.body) target.current?.focus();
  });

  return {
    onFocus: (event: FocusEvent<HTMLElement>) => {
      lastFocused.current = event.target;
      handlers.onFocus?.(event);
    },
    onBlur: (event: FocusEvent<HTMLElement>) => {
      handlers.onBlur?.(event);
      const next = event.relatedTarget;
      if (next && !event.currentTarget.contains(next as Node)) lastFocused.current = null;
      else if (!next) {
        // No new target: either the user clicked plain page (focus went to the body) or the
        // element is being removed. Decide after the commit (layout effects run first): a node
        // still in the page that no longer has focus means the user left, so later removals
        // must not pull focus back. Keep it when the window blurred (it still has focus).
        const left = event.target;
        queueMicrotask(() => {
          if (lastFocused.current === left && left.isConnected && left.ownerDocument.activeElement !== left) lastFocused.current = null;
        });
      }
    },
  };
}
