/**
 * The browser facts the sources' push channels react to (visibility, online). The hooks follow
 * TanStack Query's focus and online managers instead; the sources do not import TanStack, so
 * that they stay usable without React.
 */

export interface BrowserHandlers {
  /** The tab became visible again (timers may have been throttled, the socket may be dead). */
  onVisible(): void;
  onOnline(): void;
  onOffline(): void;
}

const hasWindow = () => typeof window !== 'undefined' && typeof window.addEventListener === 'function';

/** False only when the browser says so; servers and tests without `navigator` count as online. */
export function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

export function isVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

/** Listens to visibility and connectivity; returns the function that removes every listener. */
export function listenBrowser(handlers: BrowserHandlers): () => void {
  if (!hasWindow()) return () => {};
  const listeners: Array<[EventTarget, string, () => void]> = [
    [document, 'visibilitychange', () => isVisible() && handlers.onVisible()],
    [window, 'online', () => handlers.onOnline()],
    [window, 'offline', () => handlers.onOffline()],
  ];
  listeners.forEach(([target, event, listener]) => target.addEventListener(event, listener));
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    listeners.forEach(([target, event, listener]) => target.removeEventListener(event, listener));
  };
}
