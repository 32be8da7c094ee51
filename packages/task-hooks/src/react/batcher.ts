import type { TaskRow } from '../core/types';

/**
 * Coalesces the single-id loads of every hook into one `fetchTasks(ids)` per tick, like a
 * DataLoader: each caller awaits its own row (or null when absent) from the shared request.
 */
export interface TaskBatcher {
  load(id: string): Promise<TaskRow | null>;
}

export interface BatcherOptions {
  /**
   * How long to gather ids before one `fetchTasks`. 0 gathers for the current tick only
   * (a few microtasks), which already catches every hook that polls or mounts in one render.
   * @default 0
   */
  windowMs?: number;
  /** Ids per request (the HTTP contract allows 100). @default 100 */
  maxBatch?: number;
}

/** One id's callers: they all share one promise, settled by the batch that carries the id. */
interface Pending {
  promise: Promise<TaskRow | null>;
  resolve(row: TaskRow | null): void;
  reject(error: unknown): void;
}

export function createBatcher(fetchMany: (ids: string[]) => Promise<TaskRow[]>, options: BatcherOptions = {}): TaskBatcher {
  const windowMs = options.windowMs ?? 0;
  const maxBatch = Math.max(1, options.maxBatch ?? 100);
  let queue = new Map<string, Pending>();

  const flush = () => {
    const entries = [...queue];
    queue = new Map();
    for (let i = 0; i < entries.length; i += maxBatch) void fetchChunk(new Map(entries.slice(i, i + maxBatch)));
  };

  const fetchChunk = async (chunk: Map<string, Pending>) => {
    try {
      // The source checked the rows (see `TaskSource`); an id it did not return is missing.
      const rows = await fetchMany([...chunk.keys()]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      chunk.forEach((p, id) => p.resolve(byId.get(id) ?? null));
    } catch (error) {
      // A `TaskError` by the source's contract; the hooks' `error` turns anything else into one.
      chunk.forEach((p) => p.reject(error));
    }
  };

  return {
    load(id) {
      let pending = queue.get(id);
      if (!pending) {
        if (queue.size === 0) {
          // Two microtask hops: callers that enqueue after one `await` still join this batch.
          if (windowMs > 0) setTimeout(flush, windowMs);
          else void Promise.resolve().then(() => Promise.resolve()).then(flush);
        }
        let resolve!: Pending['resolve'];
        let reject!: Pending['reject'];
        const promise = new Promise<TaskRow | null>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        queue.set(id, (pending = { promise, resolve, reject }));
      }
      return pending.promise;
    },
  };
}
