import { TaskError, type TaskErrorKind, type TaskSource } from '@unstuck/task-hooks/core';

/*
 * A minimal local stand-in for `createHttpSource` of `@unstuck/task-hooks/http` (not published yet
 * when this demo was written): the browser side of the HTTP + SSE routes in docs/CONTRACT.md.
 */
const KINDS: ReadonlySet<string> = new Set<TaskErrorKind>([
  'invalid_id', 'not_found', 'unknown_type', 'payload_too_large', 'illegal_state', 'unauthorized', 'network', 'protocol', 'server',
]);

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin', headers: { 'content-type': 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new TaskError('network', 'The server could not be reached.', { cause: error });
  }
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) {
    const code = body?.error?.code;
    const kind = (code && KINDS.has(code) ? code : 'server') as TaskErrorKind;
    throw new TaskError(kind, body?.error?.message ?? `HTTP ${response.status}`, { status: response.status });
  }
  if (body === null) throw new TaskError('protocol', 'The server answered without JSON.');
  return body as T;
}

/**
 * The demo's browser source: batched reads, the client RPCs as POSTs, and one EventSource per page
 * for change hints (`event: task` → refetch that id, `event: reset` or a reconnect → refetch all).
 */
export function createLocalHttpSource(baseUrl = '/api/tasks'): TaskSource {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    kind: 'http',
    async fetchTasks(ids, signal) {
      if (ids.length === 0) return [];
      return (await call<{ tasks: never[] }>(`${base}?ids=${ids.map(encodeURIComponent).join(',')}`, { signal })).tasks;
    },
    async fetchActiveTask(type, signal) {
      return (await call<{ task: never }>(`${base}?type=${encodeURIComponent(type)}&active=1`, { signal })).task;
    },
    async listTasks(options = {}, signal) {
      const query = new URLSearchParams({ limit: String(options.limit ?? 50) });
      if (options.type) query.set('type', options.type);
      return (await call<{ tasks: never[] }>(`${base}?${query}`, { signal })).tasks;
    },
    async fetchEvents(id, signal) {
      return (await call<{ events: never[] }>(`${base}/${encodeURIComponent(id)}/events`, { signal })).events;
    },
    async fetchThresholds(signal) {
      return (await call<{ thresholds: never }>(`${base}/thresholds`, { signal })).thresholds;
    },
    async serverTime(signal) {
      return Date.parse((await call<{ serverTime: string }>(`${base}/time`, { signal })).serverTime);
    },
    submit: (type, payload) => call(base, { method: 'POST', body: JSON.stringify({ type, payload }) }),
    async cancel(id) {
      return (await call<{ task: never }>(`${base}/${encodeURIComponent(id)}/cancel`, { method: 'POST' })).task;
    },
    retry: (id) => call(`${base}/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
    subscribe(handlers) {
      if (typeof EventSource === 'undefined') {
        handlers.onConnection('polling');
        return () => undefined;
      }
      handlers.onConnection('connecting');
      const events = new EventSource(`${base}/stream`);
      events.onopen = () => {
        handlers.onConnection('realtime');
        handlers.onHint('all'); // anything may have changed while we were not listening
      };
      events.onerror = () => handlers.onConnection('polling'); // EventSource reconnects by itself
      events.addEventListener('task', (event) => {
        const { id } = JSON.parse((event as MessageEvent<string>).data) as { id?: unknown };
        if (typeof id === 'string') handlers.onHint([id]);
      });
      events.addEventListener('reset', () => handlers.onHint('all'));
      return () => events.close();
    },
  };
}
