// The browser facts the push channels react to (tab visible, back online, offline), from the one
// module that touches them (browser.ts). Injectable so tests and other hosts can drive them.
import { isOnline, listenBrowser } from './browser';

/** What a {@link WakeEvents} source calls. */
export interface WakeHandlers {
  /** The tab became visible or the browser went back online: check the channel and refetch. */
  onWake(): void;
  /** The browser reports it is offline. */
  onOffline(): void;
}

/** Starts listening; returns the function that stops. */
export type WakeEvents = (handlers: WakeHandlers) => () => void;

/**
 * `visibilitychange` (when visible), `online` and `offline`; a no-op where there is no window.
 * The default `wakeEvents` of the supabase and http sources.
 * @example
 * const stop = browserWakeEvents({ onWake: () => console.log('visible or online'), onOffline: () => console.log('offline') });
 */
export const browserWakeEvents: WakeEvents = ({ onWake, onOffline }) =>
  listenBrowser({ onVisible: onWake, onOnline: onWake, onOffline });

/** True when the browser says it is offline; false when it does not know. */
export function browserIsOffline(): boolean {
  return !isOnline();
}
