import { isPollable, type PollPolicy } from '../core/poll-policy';
import type { TaskRow } from '../core/types';

/** What one watcher (one mounted hook) asks for. */
export interface WatchRequest {
  pollIntervalMs?: number;
  realtime: boolean;
}

type RowState = 'loading' | 'terminal' | 'stopped' | 'pollable';

/** Whether a cached row is still worth polling: missing rows and terminal ones are not. */
function classifyRow(data: TaskRow | null | undefined): RowState {
  if (data === undefined) return 'loading';
  if (data === null) return 'stopped';
  return isPollable(data.status) ? 'pollable' : 'terminal';
}

/**
 * Who watches which id, with what interval, and when each id was last fetched — the facts the
 * poll scheduler plans from, kept up to date from cache events so planning never reads the cache.
 */
export class WatchRegistry {
  #watchers = new Map<string, Set<WatchRequest>>();
  #lastFetchedAt = new Map<string, number>();
  #rowState = new Map<string, RowState>();

  constructor(private readonly readCached: (id: string) => TaskRow | null | undefined) {}

  add(id: string, request: WatchRequest): void {
    const set = this.#watchers.get(id) ?? new Set();
    set.add(request);
    this.#watchers.set(id, set);
  }

  remove(id: string, request: WatchRequest): void {
    const set = this.#watchers.get(id);
    set?.delete(request);
    if (set && set.size === 0) {
      this.#watchers.delete(id);
      this.#rowState.delete(id);
    }
  }

  has(id: string): boolean {
    return this.#watchers.has(id);
  }

  get size(): number {
    return this.#watchers.size;
  }

  ids(): string[] {
    return [...this.#watchers.keys()];
  }

  fetched(ids: readonly string[], at: number): void {
    ids.forEach((id) => this.#lastFetchedAt.set(id, at));
  }

  rowChanged(id: string, data: TaskRow | null | undefined, updatedAt: number): void {
    this.#rowState.set(id, classifyRow(data));
    if (updatedAt) this.#lastFetchedAt.set(id, Math.max(this.#lastFetchedAt.get(id) ?? 0, updatedAt));
  }

  isTerminal(id: string): boolean {
    return this.#state(id) === 'terminal';
  }

  #state(id: string): RowState {
    let state = this.#rowState.get(id);
    if (state === undefined) {
      state = classifyRow(this.readCached(id));
      this.#rowState.set(id, state);
    }
    return state;
  }

  /** Ids still worth polling: loading or active (not terminal, not missing). */
  pollableIds(): string[] {
    return this.ids().filter((id) => {
      const state = this.#state(id);
      return state === 'pollable' || state === 'loading';
    });
  }

  /** The shortest interval its watchers ask for; the safety interval when all of them are pushed to. */
  intervalFor(id: string, policy: PollPolicy, channelHealthy: boolean): number {
    const requests = [...(this.#watchers.get(id) ?? [])];
    const base = Math.min(...requests.map((r) => r.pollIntervalMs ?? policy.baseIntervalMs));
    return channelHealthy && requests.every((r) => r.realtime) ? Math.max(base, policy.safetyIntervalMs) : base;
  }

  /** When `id` is next due, given its interval. */
  dueAt(id: string, intervalMs: number): number {
    let fetched = this.#lastFetchedAt.get(id);
    if (fetched === undefined) {
      fetched = Date.now(); // the mount fetch is under way
      this.#lastFetchedAt.set(id, fetched);
    }
    return fetched + intervalMs;
  }
}
