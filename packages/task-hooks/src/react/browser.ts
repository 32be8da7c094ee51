/**
 * The only module that touches browser facts (visibility, online). Everything else asks it, so
 * server rendering and tests have one place to look.
 */

export interface BrowserHandlers {
  /** The tab became visible again (timers may have been throttled, the socket may be dead). */
  onVisible(): void;
  onOnline(): void;
  onOffline(): void;
}

let activeListeners = 0;

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
  activeListeners += 1;
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    activeListeners -= 1;
    listeners.forEach(([target, event, listener]) => target.removeEventListener(event, listener));
  };
}

/**
 * How many `listenBrowser` registrations are live (tests assert it returns to 0 on unmount).
 * @example expect(activeBrowserListenerCount()).toBe(0);
 */
export function activeBrowserListenerCount(): number {
  return activeListeners;
}
