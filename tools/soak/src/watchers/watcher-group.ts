// The hooks' own client outside React: a TaskClient (shared batched poll scheduler, realtime
// hints, refetch after every (re)subscribe, fallback polling while the channel is down) with one
// QueryObserver per watched task configured as useTaskStatus configures its query. What a
// mounted useTaskStatus would render is what `rowOf(id)` answers.
import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { createTaskClient, taskKeys, type TaskClient } from '@unstuck/task-hooks';
import type { ConnectionState, PollPolicy, TaskRow, TaskSource } from '@unstuck/task-hooks/core';

interface Watched {
  row: TaskRow | null | undefined;
  /** The last failed fetch, kept for the report when a watcher ends wrong. */
  error: string | null;
  stop(): void;
}

export class WatcherGroup {
  private readonly queryClient = new QueryClient();
  private readonly client: TaskClient;
  private readonly watched = new Map<string, Watched>();
  private connection: ConnectionState | null = null;
  private realtimeEntries = 0;
  private readonly stopListening: () => void;
  /** Slowest answered row fetch, and fetches still waiting for an answer (a backed-up transport). */
  slowestFetchMs = 0;
  fetchesInFlight = 0;

  constructor(source: TaskSource, policy: Partial<PollPolicy>) {
    this.client = createTaskClient(source, this.queryClient as never, { policy, elapsedTickMs: 0 });
    this.stopListening = this.client.subscribe(() => {
      const next = this.client.getSnapshot().connection;
      if (next === 'realtime' && this.connection !== 'realtime') this.realtimeEntries += 1;
      this.connection = next;
    });
  }

  /** Times the push channel came back after the first connect. */
  get reconnects(): number {
    return Math.max(0, this.realtimeEntries - 1);
  }

  get size(): number {
    return this.watched.size;
  }

  watch(id: string): void {
    if (this.watched.has(id)) return;
    // The options of the hooks' row query (packages/task-hooks/src/react/row-query.ts).
    const observer = new QueryObserver<TaskRow | null>(this.queryClient, {
      queryKey: taskKeys.task(id),
      queryFn: async () => {
        const started = Date.now();
        this.fetchesInFlight += 1;
        try {
          return await this.client.load(id);
        } finally {
          this.fetchesInFlight -= 1;
          this.slowestFetchMs = Math.max(this.slowestFetchMs, Date.now() - started);
        }
      },
      staleTime: Infinity,
      refetchOnMount: 'always',
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      networkMode: 'always',
    });
    const entry: Watched = { row: undefined, error: null, stop: () => undefined };
    const unsubscribe = observer.subscribe((result) => {
      if (result.data !== undefined) entry.row = result.data;
      if (result.error) entry.error = `${(result.error as { code?: string }).code ?? 'error'}: ${result.error.message}`;
    });
    const unwatch = this.client.watch(id, { realtime: true });
    entry.stop = () => {
      unwatch();
      unsubscribe();
    };
    this.watched.set(id, entry);
  }

  ids(): string[] {
    return [...this.watched.keys()];
  }

  /** The row the watcher currently shows (undefined while loading, null when not found). */
  rowOf(id: string): TaskRow | null | undefined {
    return this.watched.get(id)?.row;
  }

  /** Why the watcher's last fetch failed, if it did; and the client's connection state. */
  diagnosis(id: string): string {
    const error = this.watched.get(id)?.error;
    return `connection ${this.client.getSnapshot().connection}${error ? `, last error ${error}` : ''}`;
  }

  close(): void {
    for (const entry of this.watched.values()) entry.stop();
    this.watched.clear();
    this.stopListening();
    this.queryClient.clear();
  }
}
