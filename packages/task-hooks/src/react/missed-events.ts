// Development only (the client applies it when NODE_ENV is not 'production'; bundlers drop it from
// production builds). A push channel can report itself live and still deliver nothing: on Supabase,
// a `tasks` table missing from the `supabase_realtime` publication, or a SELECT policy that Realtime
// cannot pass, gives SUBSCRIBED and then silence. The hooks stay correct (the safety poll finds every
// change, up to 30 s late), so nothing on screen says why updates lag; this tells the developer.
import type { TaskRow } from '../core/types';
import type { SubscribeHandlers, TaskSource } from '../sources/source';

/**
 * How long after a read showed an unannounced change its event may still arrive. Realtime delivers
 * in well under a second; a delay this long is a channel that is not delivering.
 */
export const MISSED_EVENT_GRACE_MS = 5_000;

/** Ids remembered per map: a long development session sees many tasks come and go. */
const REMEMBERED_IDS = 1_000;

/** Sets `key` as the newest entry, dropping the oldest beyond the bound. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED_IDS) map.delete(map.keys().next().value!);
}

interface Suspect {
  /** When the read before the change was sent: a hint after it would have announced the change. */
  since: number;
  /** When the read that showed the change was sent. */
  seenAt: number;
  from: string;
  to: string;
}

export function missedEventsMessage(kind: string, id: string, from: string, to: string): string {
  return (
    `[unstuck] The ${kind} source's realtime channel was live, but no event announced a change to task ${id} ` +
    `(updated_at ${from} → ${to}); the hooks only saw it by polling, so updates arrive up to a safety-poll ` +
    'interval late. On Supabase, check that `public.tasks` is in the `supabase_realtime` publication and ' +
    "that the signed-in user's SELECT policy on it lets Realtime see the row (examples/supabase/migrations); " +
    'with your own server, that its stream publishes every change. Shown once, and only in development.'
  );
}

/** The two calls of a source that the check watches; the client reads and subscribes through them. */
export type WatchedReads = Pick<TaskSource, 'fetchTasks' | 'subscribe'>;

/**
 * `source.fetchTasks` and `source.subscribe`, with every read compared against the hints the
 * channel gave. Warns once, through `warn`, when a change that a channel live all along should have
 * announced is still unannounced `MISSED_EVENT_GRACE_MS` after a read showed it.
 */
export function warnOnMissedEvents(source: TaskSource, warn: (message: string) => void = console.warn): WatchedReads {
  const fetchTasks: TaskSource['fetchTasks'] = (ids, signal) => source.fetchTasks(ids, signal);
  if (!source.subscribe) return { fetchTasks };
  let liveSince: number | null = null;
  let lastHintAll = -Infinity;
  const lastHint = new Map<string, number>();
  const lastRead = new Map<string, { updatedAt: string; sentAt: number }>();
  const suspects = new Map<string, Suspect>();
  let warned = false;

  const announced = (id: string, since: number) => Math.max(lastHint.get(id) ?? -Infinity, lastHintAll) >= since;

  const check = (now: number) => {
    for (const [id, suspect] of suspects) {
      // A drop after the change may have lost its event: only a channel live all along is to blame.
      if (announced(id, suspect.since) || liveSince === null || liveSince > suspect.since) suspects.delete(id);
      else if (now - suspect.seenAt >= MISSED_EVENT_GRACE_MS) {
        warned = true;
        suspects.clear();
        warn(missedEventsMessage(source.kind, id, suspect.from, suspect.to));
        return;
      }
    }
  };

  const inspect = (row: TaskRow, sentAt: number) => {
    const before = lastRead.get(row.id);
    remember(lastRead, row.id, { updatedAt: row.updated_at, sentAt });
    if (!before || before.updatedAt === row.updated_at || before.sentAt > sentAt) return;
    if (liveSince !== null && liveSince <= before.sentAt && !announced(row.id, before.sentAt)) {
      suspects.set(row.id, { since: before.sentAt, seenAt: sentAt, from: before.updatedAt, to: row.updated_at });
    }
  };

  const handlersFor = (handlers: SubscribeHandlers): SubscribeHandlers => ({
    onHint(ids) {
      const now = Date.now();
      if (ids === 'all') lastHintAll = now;
      else for (const id of ids) remember(lastHint, id, now);
      handlers.onHint(ids);
    },
    onConnection(state, error) {
      if (state !== 'realtime') liveSince = null;
      else liveSince ??= Date.now();
      handlers.onConnection(state, error);
    },
  });

  return {
    async fetchTasks(ids, signal) {
      const sentAt = Date.now();
      const rows = await fetchTasks(ids, signal);
      if (!warned) {
        check(Date.now());
        for (const row of rows) inspect(row, sentAt);
      }
      return rows;
    },
    subscribe: (handlers) => source.subscribe!(handlersFor(handlers)),
  };
}
