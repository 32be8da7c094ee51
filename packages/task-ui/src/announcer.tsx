import type { Dispatch, ReactNode, RefObject, SetStateAction } from 'react';
import { createContext, useContext, useLayoutEffect, useRef, useState } from './internal/react';

/** Says `text`; with `withdraw`, empties the region instead if it still holds that `text`. */
type Announce = (text: string, withdraw?: boolean) => void;

/** The `announce` of the region components below share (a `TaskAnnouncer`'s, or a card's). */
export const AnnouncerContext = createContext<Announce | null>(null);

/** A sentence in the live region, under its own key: a new key is a new node, which is read. */
type Line = readonly [key: number, text: string];
type SetLines = Dispatch<SetStateAction<readonly Line[]>>;

/**
 * A component's own live region. Its sentences are its own state, not the component's: a region
 * that leaves the page (a StuckTaskWarning that renders nothing once the task is healthy) takes
 * them with it, and one that comes back starts empty, never showing what was said before. Until
 * it is back, `to` holds the setter of the one that left, and React ignores a state update of a
 * component no longer mounted: what is said meanwhile, where nobody can hear it, is dropped.
 */
function Region({ to }: { to: RefObject<SetLines | null> }) {
  const [lines, setLines] = useState<readonly Line[]>([]);
  // A layout effect: it runs before the effects of the component around it, which announce.
  // Once per mount: `to` is the hook's ref, the same object for good.
  useLayoutEffect(() => {
    to.current = setLines;
  }, [to]);
  return (
    <div role="status" aria-live="polite" aria-atomic="false" className="unstuck-visually-hidden">
      {lines.map(([key, text]) => <div key={key}>{text}</div>)}
    </div>
  );
}

/**
 * Where a component's announcements go, as [announce, region]: the shared region above it, or its
 * own, which it renders (`region` is false when shared). Quiet until the first `announce`, and
 * never moves focus.
 */
export function useAnnouncer(): [announce: Announce, region: ReactNode] {
  const shared = useContext(AnnouncerContext);
  // Each sentence is added as a new node and only the added nodes are read (aria-atomic false):
  // a sentence said again (two cards of a type completing, a second failed read) is read again,
  // and one said together with others is read once, not again with each of them. A withdrawn
  // sentence (a problem that went away) is removed, which is not read, so it does not stay in
  // the page for a screen reader to come across later; the others said with it stay.
  // The own region's setter (see Region); null until one has been in the page (a warning that
  // has only rendered nothing so far).
  const setLines = useRef<SetLines>(null);
  // Made once per component (a state initializer: one stable function, as useCallback with no
  // dependencies gave), with the time of the group's first sentence and the last key in its
  // closure (plain variables: an object's property names would stay in the minified bundle).
  const [own] = useState((): Announce => {
    let groupAt = 0;
    let key = 0;
    return (text, withdraw) => {
      const now = Date.now();
      // Sentences said less than 100 ms after the first of a group are said together, each its
      // own line; a later one replaces them. A screen reader reads what the browser shows it, so a
      // sentence replaced at once (two tasks of a list finishing in one poll, a card and its
      // timeline) was never heard. Timed from the group's first, not its last: a stream of
      // sentences each under 100 ms after the one before grew the region without end.
      const together = now - groupAt < 100;
      if (!withdraw && !together) groupAt = now;
      const line: Line = [(key += 1), text];
      setLines.current?.((prev) => (withdraw ? prev.filter((l) => l[1] !== text) : together ? [...prev, line] : [line]));
    };
  });
  // A pair, not an object: its property names would stay in the minified bundle.
  return [shared ?? own, !shared && <Region to={setLines} />];
}

/**
 * One live region for every task component below it. Without it each card keeps its own; with
 * it, a list of 200 cards has a single `role="status"` region.
 * @example
 * <TaskAnnouncer><TaskList /></TaskAnnouncer>
 */
export function TaskAnnouncer({ children }: { children?: ReactNode }) {
  const [announce, region] = useAnnouncer();
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      {region}
    </AnnouncerContext.Provider>
  );
}
