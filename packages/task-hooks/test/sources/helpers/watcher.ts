// The smallest faithful consumer of a push channel: it refetches its task on every hint for it
// (or 'all') and never otherwise, so a test can tell that a hint — not a lucky poll — brought the
// row up to date. Responses that arrive out of order are dropped, as the hooks drop them.
import type { TaskRow } from '../../../src/core/types';
import type { TaskSource } from '../../../src/sources/source';
import { recorder, type Recorder } from './recorder';

export interface Watcher {
  readonly row: TaskRow | undefined;
  readonly rec: Recorder;
  /** Number of refetches a hint caused. */
  readonly refetches: number;
  stop(): void;
}

export function watchTask(source: TaskSource, id: string): Watcher {
  const rec = recorder();
  let row: TaskRow | undefined;
  let issued = 0;
  let applied = 0;
  const refetch = async () => {
    const ticket = ++issued;
    try {
      const [fresh] = await source.fetchTasks([id]);
      if (ticket > applied) {
        applied = ticket;
        row = fresh;
      }
    } catch {
      // A failed refetch leaves the last row; the next hint tries again.
    }
  };
  const stop = source.subscribe!({
    onHint(ids) {
      rec.onHint(ids);
      if (ids === 'all' || ids.includes(id)) void refetch();
    },
    onConnection: rec.onConnection,
  });
  return {
    get row() {
      return row;
    },
    rec,
    get refetches() {
      return issued;
    },
    stop,
  };
}
