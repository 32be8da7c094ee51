import type { SubscribeHandlers, TaskSource } from '@unstuck/task-hooks/core';

/**
 * Wraps a source so that a change hint is never lost to a read already in flight.
 *
 * Why: the hooks' client turns a hint into a TanStack refetch with `cancelRefetch: false`, so a
 * hint that arrives while that task's row is being fetched joins the running fetch, which was
 * sent before the write and answers the old row. On a busy server (reads of a second or more, a
 * heartbeat every second) the page then runs a beat or two behind the database and can show a
 * false "taking longer than usual" for a task that beats on time. Here such a hint is delivered
 * again once the read has settled, so the client fetches the row once more.
 */
export function redeliverHintsAfterReads(source: TaskSource): TaskSource {
  const subscribe = source.subscribe?.bind(source);
  if (!subscribe) return source;
  const reading = new Map<string, number>();
  const missed = new Set<string>();
  const listeners = new Set<SubscribeHandlers>();

  const redeliver = () => {
    const ids = [...missed].filter((id) => !reading.has(id));
    if (ids.length === 0) return;
    ids.forEach((id) => missed.delete(id));
    listeners.forEach((l) => l.onHint(ids));
  };

  return {
    ...source,
    async fetchTasks(ids, signal) {
      ids.forEach((id) => reading.set(id, (reading.get(id) ?? 0) + 1));
      try {
        return await source.fetchTasks(ids, signal);
      } finally {
        ids.forEach((id) => {
          const left = (reading.get(id) ?? 1) - 1;
          if (left > 0) reading.set(id, left);
          else reading.delete(id);
        });
        // After the caller has settled its query: a refetch now starts a new request.
        setTimeout(redeliver, 0);
      }
    },
    subscribe(handlers) {
      const wrapped: SubscribeHandlers = {
        ...handlers,
        onHint(ids) {
          if (ids !== 'all') ids.filter((id) => reading.has(id)).forEach((id) => missed.add(id));
          handlers.onHint(ids);
        },
      };
      listeners.add(handlers);
      const stop = subscribe(wrapped);
      return () => {
        listeners.delete(handlers);
        stop();
      };
    },
  };
}
