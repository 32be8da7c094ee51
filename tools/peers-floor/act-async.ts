// React 18's act() holds every render, and the effects that start the next read, until its async
// callback settles: one act() around a whole advance of fake time records only its last state, and
// a chain of reads (a task, then its history) stalls. React 19's act() renders as it goes, as React
// does outside tests. Under React 18 (the peer-floor runs) the work runs outside act() instead, with
// React's act checks off. There React 18 renders a useState update (not urgent) on its scheduler's
// setImmediate, the real one it took before any test faked timers: fake time never runs it, so the
// work ends with a few real turns, the moment a user's page would render it in.
// The caller passes its own act and React version: this file resolves no React of its own, so the
// regular runs keep theirs.
type AsyncAct = (callback: () => Promise<void>) => Promise<void>;
type AsyncWork = () => Promise<unknown>;

const realSetImmediate = globalThis.setImmediate;
// It yields to the event loop after each 5 ms of work; a test tree renders within a few turns.
const SCHEDULER_TURNS = 5;

/** An `actAsync(work)` for the caller's React: inside `act` from React 19 on, outside it on 18. */
export function actAsyncFor(act: AsyncAct, reactVersion: string): (work: AsyncWork) => Promise<void> {
  if (!reactVersion.startsWith('18.')) {
    return (work) =>
      act(async () => {
        await work();
      });
  }
  return async (work) => {
    const scope = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
    const before = scope.IS_REACT_ACT_ENVIRONMENT;
    scope.IS_REACT_ACT_ENVIRONMENT = false;
    try {
      await work();
      for (let turn = 0; turn < SCHEDULER_TURNS; turn++) await new Promise((resolve) => realSetImmediate(resolve));
    } finally {
      scope.IS_REACT_ACT_ENVIRONMENT = before;
    }
  };
}
