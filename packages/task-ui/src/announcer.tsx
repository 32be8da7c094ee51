import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useRef, useState } from './internal/react';

/** Says `text`; with `withdraw`, empties the region instead if it still holds that `text`. */
type Announce = (text: string, withdraw?: boolean) => void;

/** The `announce` of the region components below share (a `TaskAnnouncer`'s, or a card's). */
export const AnnouncerContext = createContext<Announce | null>(null);

/** The visually hidden polite live region every announcement goes through. */
function LiveRegion({ text }: { text: string }) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="unstuck-visually-hidden">
      {text}
    </div>
  );
}

/**
 * Where a component's announcements go: the shared region above it, or its own, which it renders
 * (`region` is null when shared). Quiet until the first `announce`, and never moves focus.
 */
export function useAnnouncer(): { announce: Announce; region: ReactNode } {
  const shared = useContext(AnnouncerContext);
  // The same sentence twice in a row (two cards of a type completing, a second failed read)
  // changes no DOM and is not read: the repeat gets a trailing no-break space, which screen
  // readers do not speak. A withdrawn sentence (a problem that went away) must not stay in the
  // page for a screen reader to come across later; someone else's newer one stays.
  const [said, setSaid] = useState({ text: '', alt: false });
  const own: Announce = useCallback((text, withdraw) => setSaid((prev) =>
    withdraw ? (prev.text === text ? { text: '', alt: false } : prev) : { text, alt: prev.text === text && !prev.alt }), []);
  return { announce: shared ?? own, region: !shared && <LiveRegion text={said.alt ? `${said.text}\u00a0` : said.text} /> };
}

/**
 * One live region for every task component below it. Without it each card keeps its own; with
 * it, a list of 200 cards has a single `role="status"` region.
 * @example
 * <TaskAnnouncer><TaskList /></TaskAnnouncer>
 */
export function TaskAnnouncer({ children }: { children?: ReactNode }) {
  const { announce, region } = useAnnouncer();
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      {region}
    </AnnouncerContext.Provider>
  );
}

/**
 * Announces `text` whenever the state `key` changes (a status change, not a progress tick).
 * Quiet on the first state after loading; a reload in between (`loadingKey`, as when a card
 * follows a retry) is skipped, not announced.
 */
export function useAnnouncement(announce: Announce, key: string, text: string, loadingKey: string): void {
  const previous = useRef<string | null>(key === loadingKey ? null : key);
  useEffect(() => {
    if (key === loadingKey || previous.current === key) return;
    const first = previous.current === null;
    previous.current = key;
    if (!first) announce(text);
  }, [key, text, loadingKey, announce]);
}
