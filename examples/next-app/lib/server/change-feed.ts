import type { SubscribeHandlers } from '@unstuck/task-hooks/core';
import type { Database } from './db/database';

/** The channel the migrations' trigger notifies on every change to a task row. */
export const CHANGE_CHANNEL = 'unstuck_task_changes';

/** Notifications arriving within this window are delivered together, one RLS check per user. */
const BATCH_MS = 25;

/** A changed task, and its owner when the notification names one (a hint; RLS still decides). */
export interface TaskChange {
  id: string;
  userId: string | null;
  status: string | null;
}

type Listener = (changes: TaskChange[]) => Promise<void>;

export interface ChangeFeed {
  /** Registers a listener for every changed task (all users); returns the unsubscribe. */
  subscribe(listener: Listener, handlers: Pick<SubscribeHandlers, 'onConnection'>): () => void;
  /** Feeds changes in directly (tests). */
  publish(changes: readonly TaskChange[]): void;
  close(): Promise<void>;
}

/** Reads the change out of a notification payload: `{id, user_id, …}` (migration 0011), or a bare id. */
export function changesFromPayload(payload: string): TaskChange[] {
  const text = payload.trim();
  if (!text.startsWith('{')) return text ? [{ id: text, userId: null, status: null }] : [];
  try {
    const { id, user_id: userId, status } = JSON.parse(text) as Record<string, unknown>;
    if (typeof id !== 'string') return [];
    return [{ id, userId: typeof userId === 'string' ? userId : null, status: typeof status === 'string' ? status : null }];
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
  /** Each stream's upstream state, told when the LISTEN connection is lost and when it is back. */
  const connections = new Set<Pick<SubscribeHandlers, 'onConnection'>>();
  let live = false;
  const setLive = (next: boolean) => {
    if (next === live) return;
    live = next;
    for (const handlers of connections) handlers.onConnection(live ? 'realtime' : 'polling');
  };
  let pending = new Map<string, TaskChange>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    const changes = [...pending.values()];
    pending = new Map();
    for (const listener of listeners) {
      listener(changes).catch((error: unknown) => console.error('[unstuck] change listener failed:', error));
    }
  };
  const publish = (changes: readonly TaskChange[]) => {
    changes.forEach((change) => pending.set(change.id, change));
    if (pending.size > 0 && timer === null) timer = setTimeout(flush, BATCH_MS);
  };

  const unlisten = await db.listen(CHANGE_CHANNEL, (payload) => publish(changesFromPayload(payload)), setLive);

  return {
    subscribe(listener, handlers) {
      listeners.add(listener);
      connections.add(handlers);
      // While LISTEN is down the streams say so (`upstream` events), and their clients poll.
      handlers.onConnection(live ? 'realtime' : 'polling');
      return () => {
        listeners.delete(listener);
        connections.delete(handlers);
      };
    },
    publish,
    async close() {
      if (timer) clearTimeout(timer);
      listeners.clear();
      connections.clear();
      await unlisten();
    },
  };
}
