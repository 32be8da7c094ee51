import { TaskError, isTaskError } from '../core/errors';
import { parseTaskRow } from '../core/parse';
import type { TaskRow } from '../core/types';

interface Waiter {
  resolve(row: TaskRow | null): void;
  reject(error: unknown): void;
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

/**
 * Coalesces the single-id loads of every hook into one `fetchTasks(ids)` per tick, like a
 * DataLoader: each caller awaits its own row (or null when absent) from the shared request.
 */
export class TaskBatcher {
  #queue = new Map<string, Waiter[]>();
  #scheduled = false;
  #windowMs: number;
  #maxBatch: number;

  #fetchMany: (ids: string[]) => Promise<TaskRow[]>;

  constructor(fetchMany: (ids: string[]) => Promise<TaskRow[]>, options: BatcherOptions = {}) {
    this.#fetchMany = fetchMany;
    this.#windowMs = options.windowMs ?? 0;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 100);
  }

  load(id: string): Promise<TaskRow | null> {
    return new Promise<TaskRow | null>((resolve, reject) => {
      const waiters = this.#queue.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else this.#queue.set(id, [{ resolve, reject }]);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const run = () => {
      this.#scheduled = false;
      this.#flush();
    };
    if (this.#windowMs > 0) setTimeout(run, this.#windowMs);
    // Two microtask hops: callers that enqueue after one `await` still join this batch.
    else void Promise.resolve().then(() => Promise.resolve()).then(run);
  }

  #flush(): void {
    const entries = [...this.#queue.entries()];
    this.#queue.clear();
    for (let i = 0; i < entries.length; i += this.#maxBatch) void this.#fetchChunk(new Map(entries.slice(i, i + this.#maxBatch)));
  }

  async #fetchChunk(chunk: Map<string, Waiter[]>): Promise<void> {
    let rows: TaskRow[];
    try {
      rows = await this.#fetchMany([...chunk.keys()]);
    } catch (error) {
      const typed = isTaskError(error) ? error : new TaskError('server', String(error), { cause: error });
      chunk.forEach((waiters) => waiters.forEach((w) => w.reject(typed)));
      return;
    }
    const byId = new Map<string, unknown>();
    for (const row of rows) byId.set((row as { id?: string })?.id ?? '', row);
    chunk.forEach((waiters, id) => {
      const raw = byId.get(id);
      try {
        const row = raw === undefined ? null : parseTaskRow(raw);
        waiters.forEach((w) => w.resolve(row));
      } catch (error) {
        waiters.forEach((w) => w.reject(error));
      }
    });
  }
}
