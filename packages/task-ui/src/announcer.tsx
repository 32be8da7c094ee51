import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useRef, useState } from './internal/react';

type Announce = (text: string) => void;

const AnnouncerContext = createContext<Announce | null>(null);

/** The visually hidden polite live region every announcement goes through. */
export function LiveRegion({ text }: { text: string }) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="unstuck-visually-hidden">
      {text}
    </div>
  );
}

/**
 * One live region for every task card below it. Without it each card keeps its own; with it, a
 * list of 200 cards has a single `role="status"` region.
 * @example
 * <TaskAnnouncer><TaskList /></TaskAnnouncer>
 */
export function TaskAnnouncer({ children }: { children?: ReactNode }) {
  // Cards share this region, so the same sentence can come twice in a row (two "Image
  // generation: Completed"). Unchanged text changes no DOM and is not read: the repeat gets a
  // trailing no-break space, which screen readers do not speak.
  const [said, setSaid] = useState({ text: '', alt: false });
  const announce = useCallback((text: string) => setSaid((prev) => ({ text, alt: prev.text === text && !prev.alt })), []);
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <LiveRegion text={said.alt ? `${said.text}\u00a0` : said.text} />
    </AnnouncerContext.Provider>
  );
}

/**
 * Announces `text` whenever the state `key` changes (a status change, not a progress tick).
 * Quiet on the first state after loading; a reload in between (`loadingKey`, as when a card
 * follows a retry) is skipped, not announced. Returns the text for a card's own region, and
 * whether the card needs one (no `TaskAnnouncer` above).
 */
export function useAnnouncement(key: string, text: string, loadingKey: string): { ownRegion: boolean; text: string } {
  const shared = useContext(AnnouncerContext);
  const [own, setOwn] = useState('');
  const previous = useRef<string | null>(key === loadingKey ? null : key);
  const announce: Announce = useCallback((value) => (shared ?? setOwn)(value), [shared]);
  useEffect(() => {
    if (key === loadingKey || previous.current === key) return;
    const first = previous.current === null;
    previous.current = key;
    if (!first) announce(text);
  }, [key, text, loadingKey, announce]);
  return { ownRegion: shared === null, text: own };
}
