import type { FocusEvent, Ref, RefCallback } from 'react';
import { useEffect, useLayoutEffect, useMemo, useRef } from './react';

type FocusHandler = (event: FocusEvent<HTMLElement>) => void;

/**
 * Keeps keyboard focus inside a card when the control that had it disappears (the Cancel button
 * once the task is cancelled, Retry once the new attempt shows): focus moves to the card's
 * heading instead of falling to the document body. Returns [root, heading]: the props of the container (`root`:
 * its ref, merged with the caller's `ref`, and onFocus / onBlur, which also call the caller's own
 * from `handlers`, i.e. the component's other props) and the ref of the heading, which needs
 * `tabIndex={-1}`. Spread `root` after those props, so their handlers are called, not replaced.
 *
 * With `recovered` it is a fallback: it runs after the commit's layout effects, so a container
 * around this one that keeps focus (a card around its warning) acts first and this one does
 * nothing; `recovered` is called when this one had to act (focus had fallen to the body), to say
 * what happened.
 */
export function useFocusRecovery(
  ref: Ref<HTMLElement> | undefined,
  handlers: { onFocus?: FocusHandler | undefined; onBlur?: FocusHandler | undefined },
  recovered?: () => void,
) {
  const container = useRef<HTMLElement | null>(null);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const lastFocused = useRef<Element | null>(null);
  // A new ref callback each render would make React call the caller's ref with null and then the
  // node again on every status update.
  const rootRef = useMemo((): RefCallback<HTMLElement> => (node) => {
    container.current = node;
    if (typeof ref === 'function') ref(node);
    else if (ref) ref.current = node;
  }, [ref]);

  // The same hook on every render of a component: whether it passes `recovered` never changes.
  (recovered ? useEffect : useLayoutEffect)(() => {
    const last = lastFocused.current;
    if (!last || container.current?.contains(last)) return;
    lastFocused.current = null;
    const active = last.ownerDocument.activeElement;
    if (active === null || active === last.ownerDocument.body) {
      heading.current?.focus();
      recovered?.();
    }
  });

  const root = {
    ref: rootRef,
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
  // A pair, not an object: its property names would stay in the minified bundle.
  return [root, heading] as const;
}
