import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

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
  const [text, setText] = useState('');
  return (
    <AnnouncerContext.Provider value={setText}>
      {children}
      <LiveRegion text={text} />
    </AnnouncerContext.Provider>
  );
}

/**
 * Announces `text` whenever `key` changes after the first render (a status change, not a
 * progress tick). Returns the text for a card's own region, or null when a `TaskAnnouncer`
 * above renders it.
 */
export function useAnnouncement(key: string, text: string, skipFrom: string | null): { ownRegion: boolean; text: string } {
  const shared = useContext(AnnouncerContext);
  const [own, setOwn] = useState('');
  const previous = useRef(key);
  const announce: Announce = useCallback((value) => (shared ?? setOwn)(value), [shared]);
  useEffect(() => {
    if (previous.current === key) return;
    const from = previous.current;
    previous.current = key;
    if (from !== skipFrom) announce(text);
  }, [key, text, skipFrom, announce]);
  return { ownRegion: shared === null, text: own };
}
