import type { TaskRow } from '../core/types';

/**
 * Coalesces the single-id loads of every hook into one `fetchTasks(ids)` per tick, like a
 * DataLoader: each caller awaits its own row (or null when absent) from the shared request.
 */
export interface TaskBatcher {
  load(id: string): Promise<TaskRow | null>;
  /** Whether a load of `id` is gathered and not sent yet: its read will see what changed until then. */
  gathers(id: string): boolean;
}

/** Ids per request: the HTTP contract allows 100. */
const MAX_IDS_PER_REQUEST = 100;

/** The ids gathered for the next request, and what answers each of them once it is sent. */
interface Batch {
  ids: Set<string>;
  sent: Promise<(id: string) => Promise<TaskRow | null>>;
}

/**
 * `windowMs`: how long to gather ids before one `fetchTasks`. 0 gathers for the current tick only
 * (a few microtasks), which already catches every hook that polls or mounts in one render.
 */
export function createBatcher(fetchMany: (ids: string[]) => Promise<TaskRow[]>, windowMs = 0): TaskBatcher {
  let gathering: Batch | undefined;

  const send = (ids: string[]) => {
    gathering = undefined;
    const requestOf = new Map<string, Promise<Map<string, TaskRow>>>();
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_REQUEST) {
      const chunk = ids.slice(i, i + MAX_IDS_PER_REQUEST);
      // The source checked the rows (see `TaskSource`); an id it did not return is missing. A
      // failure is a `TaskError` by the source's contract, and reaches the callers of the chunk only.
      const request = fetchMany(chunk).then((rows) => new Map(rows.map((row) => [row.id, row])));
      chunk.forEach((id) => requestOf.set(id, request));
    }
    return async (id: string) => (await requestOf.get(id)!).get(id) ?? null;
  };

  const gather = (): Batch => {
    const ids = new Set<string>();
    // Two microtask hops: callers that enqueue after one `await` still join this batch.
    const waited = windowMs > 0 ? new Promise((resolve) => setTimeout(resolve, windowMs)) : Promise.resolve().then(() => Promise.resolve());
    return { ids, sent: waited.then(() => send([...ids])) };
  };

  return {
    load(id) {
      gathering ??= gather();
      gathering.ids.add(id);
      return gathering.sent.then((answer) => answer(id));
    },
    gathers: (id) => !!gathering?.ids.has(id),
  };
}
