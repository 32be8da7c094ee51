import type { SubscribeHandlers } from '@unstuck/task-hooks/core';
import type { Database } from './db/database';

/** The channel the migrations' trigger notifies on every change to a task row. */
export const CHANGE_CHANNEL = 'unstuck_task_changes';

/** Notifications arriving within this window are delivered together, one RLS check per user. */
const BATCH_MS = 25;

type Listener = (taskIds: string[]) => Promise<void>;

export interface ChangeFeed {
  /** Registers a listener for every changed task id (all users); returns the unsubscribe. */
  subscribe(listener: Listener, handlers: Pick<SubscribeHandlers, 'onConnection'>): () => void;
  /** Feeds ids in directly (tests, and the worker, which knows what it just changed). */
  publish(taskIds: readonly string[]): void;
  close(): Promise<void>;
}

/** Reads a task id out of a notification payload: JSON with `id` / `task_id`, or a bare id. */
export function taskIdsFromPayload(payload: string): string[] {
  const text = payload.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return text ? [text] : [];
  try {
    const parsed: unknown = JSON.parse(text);
    const items = Array.isArray(parsed) ? parsed : [parsed];
    return items.flatMap((item) => {
      if (typeof item === 'string') return [item];
      if (typeof item !== 'object' || item === null) return [];
      const { id, task_id: taskId } = item as { id?: unknown; task_id?: unknown };
      const value = typeof taskId === 'string' ? taskId : id;
      return typeof value === 'string' ? [value] : [];
    });
  } catch {
    return [];
  }
}

/**
 * One LISTEN for the whole process, fanned out to every open SSE stream. Each stream's source
 * then asks the database (as its user, under RLS) which of the ids it may see.
 */
export async function startChangeFeed(db: Database): Promise<ChangeFeed> {
  const listeners = new Set<Listener>();
  let pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    const ids = [...pending];
    pending = new Set();
    for (const listener of listeners) {
      listener(ids).catch((error: unknown) => console.error('[unstuck] change listener failed:', error));
    }
  };
  const publish = (taskIds: readonly string[]) => {
    taskIds.forEach((id) => pending.add(id));
    if (pending.size > 0 && timer === null) timer = setTimeout(flush, BATCH_MS);
  };

  const unlisten = await db.listen(CHANGE_CHANNEL, (payload) => publish(taskIdsFromPayload(payload)));

  return {
    subscribe(listener, handlers) {
      listeners.add(listener);
      handlers.onConnection('realtime');
      return () => {
        listeners.delete(listener);
      };
    },
    publish,
    async close() {
      if (timer) clearTimeout(timer);
      listeners.clear();
      await unlisten();
    },
  };
}
