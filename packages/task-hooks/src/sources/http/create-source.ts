// TaskSource over the HTTP + SSE contract (docs/CONTRACT.md), e.g. the Next example's /api/tasks.
import { assertTaskId, TaskError } from '../../core/errors';
import { parseTaskEvent, parseTaskRow } from '../../core/parse';
import { ZONELESS_TIME } from '../../core/zoneless-time';
import type { SubmitResult, TaskRow } from '../../core/types';
import { thresholdsByType } from '../thresholds-by-type';
import { checkListLimit } from '../list-limit';
import type { TaskSource } from '../source';
import type { BackoffOptions } from '../supabase/backoff';
import { SharedSubscription } from '../supabase/shared-subscription';
import { browserWakeEvents, type WakeEvents } from '../wake';
import { joinUrl, requestJson, type HeadersInput } from './request';
import { openSseChannel, type EventSourceConstructor } from './sse-channel';

/** Options of {@link createHttpSource}. */
export interface HttpSourceOptions {
  /** Where the contract is served, e.g. `/api/tasks` or `https://app.example/api/tasks`. */
  baseUrl: string;
  /** Every request goes through it, the stream included (read with it, not an EventSource). @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Extra headers for every request (e.g. `Authorization`), or a function returning them.
   * Setting it makes the stream use fetch, since an EventSource cannot send headers. The contract's
   * own (`Accept`, `Content-Type`, `Last-Event-ID`) are set over them, in whatever case they are written.
   * @default undefined (no extra headers)
   */
  headers?: HeadersInput;
  /**
   * The EventSource to read the stream with. `null` forces the fetch reader.
   * @default globalThis.EventSource when present and neither `headers` nor `fetch` is set, else the fetch reader
   */
  EventSource?: EventSourceConstructor | null;
  /** Send cookies on a cross-origin EventSource. @default false */
  withCredentials?: boolean;
  /** Subscribe to the event stream. @default true */
  stream?: boolean;
  /**
   * Delays between stream reconnects (fetch reader, or an EventSource that gave up). They grow until
   * a stream stays open for `maxDelayMs`. Once the server has sent `retry:`, the fetch reader starts
   * from that instead of `initialDelayMs` (not below 250 ms, or `initialDelayMs` if shorter; not
   * above the cap); after a refused stream (503, 429) with a `Retry-After` (seconds or a date), it
   * waits that long and up to half as long again, so refused tabs do not return together (not above
   * the cap).
   * @default { initialDelayMs: 1000, maxDelayMs: 30000 }
   */
  reconnect?: BackoffOptions;
  /** Wake-up events (tab visible, online, offline). @default the browser's */
  wakeEvents?: WakeEvents;
}

/** The contract's cap on ids per batched read. */
export const MAX_IDS_PER_REQUEST = 100;

interface TaskListBody {
  tasks: unknown[];
}

function submitResultFrom(body: unknown): SubmitResult {
  const value = body as { task?: unknown; created?: unknown; reapedTaskId?: unknown } | null;
  if (!value || typeof value.created !== 'boolean') throw new TaskError('protocol', 'Expected {task, created, reapedTaskId}', { cause: body });
  // Lower case as parseTaskRow gives ids: the hooks re-read the reaped task by it.
  return { task: parseTaskRow(value.task), created: value.created, reapedTaskId: typeof value.reapedTaskId === 'string' ? value.reapedTaskId.toLowerCase() : null };
}

function rowsFrom(body: unknown): TaskRow[] {
  const tasks = (body as TaskListBody | null)?.tasks;
  if (!Array.isArray(tasks)) throw new TaskError('protocol', 'Expected {tasks: [...]}', { cause: body });
  return tasks.map((row) => parseTaskRow(row));
}

function pickEventSource(options: HttpSourceOptions): EventSourceConstructor | undefined {
  if (options.EventSource === null) return undefined;
  if (options.EventSource) return options.EventSource;
  // An app's own fetch or headers may sign its requests (a token, a tenant): an EventSource would
  // send the stream without them, and be refused for good.
  if (options.headers || options.fetch) return undefined;
  return (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
}

/**
 * A TaskSource that talks to your own server over the Unstuck HTTP + SSE contract (serve it with
 * `createTaskHttpHandler` from `@unstuck/task-hooks/server`).
 * @example
 * const source = createHttpSource({ baseUrl: '/api/tasks' });
 * @example
 * const source = createHttpSource({ baseUrl: 'https://api.example/tasks', headers: async () => ({ authorization: `Bearer ${await token()}` }) });
 */
export function createHttpSource(options: HttpSourceOptions): TaskSource {
  if (typeof options?.baseUrl !== 'string' || options.baseUrl === '') throw new TypeError('createHttpSource: baseUrl is required');
  const fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const call = <T>(method: 'GET' | 'POST', path: string, init?: Parameters<typeof requestJson>[5]) =>
    requestJson<T>(fetchImpl, options.baseUrl, options.headers, method, path, init);

  const shared = new SharedSubscription((emit) =>
    openSseChannel(emit, {
      url: joinUrl(options.baseUrl, '/stream'),
      fetch: fetchImpl,
      headers: options.headers,
      EventSource: pickEventSource(options),
      withCredentials: options.withCredentials,
      reconnect: options.reconnect,
      wakeEvents: options.wakeEvents ?? browserWakeEvents,
    }),
  );

  const source: TaskSource = {
    kind: 'http',

    async fetchTasks(ids, signal) {
      ids.forEach((id) => assertTaskId(id));
      const unique = [...new Set(ids)];
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += MAX_IDS_PER_REQUEST) batches.push(unique.slice(i, i + MAX_IDS_PER_REQUEST));
      const answers = await Promise.all(batches.map((batch) => call<unknown>('GET', '', { query: { ids: batch.join(',') }, signal })));
      return answers.flatMap(rowsFrom);
    },

    async fetchActiveTask(type, signal) {
      const body = await call<{ task?: unknown }>('GET', '', { query: { type, active: '1' }, signal });
      // Only an explicit `task: null` means none: a body without `task` is a wrong answer, and taking
      // it for "no active task" would let the app submit a second one.
      if (!body || typeof body !== 'object' || !('task' in body)) throw new TaskError('protocol', 'Expected {task}', { cause: body });
      return body.task === null ? null : parseTaskRow(body.task);
    },

    async listTasks(listOptions = {}, signal) {
      // Checked here as the other sources check it, whatever the server would say.
      const query = { limit: String(checkListLimit(listOptions.limit ?? 50)), type: listOptions.type };
      return rowsFrom(await call<unknown>('GET', '', { query, signal }));
    },

    async fetchEvents(id, signal) {
      assertTaskId(id);
      const body = await call<{ events?: unknown }>('GET', `/${id}/events`, { signal, taskId: id });
      if (!Array.isArray(body?.events)) throw new TaskError('protocol', 'Expected {events: [...]}', { cause: body });
      return body.events.map((event) => parseTaskEvent(event));
    },

    async fetchThresholds(signal) {
      const body = await call<{ thresholds?: Record<string, unknown> }>('GET', '/thresholds', { signal });
      if (!body?.thresholds || typeof body.thresholds !== 'object') throw new TaskError('protocol', 'Expected {thresholds}', { cause: body });
      // A malformed type costs only itself (see thresholdsByType).
      return thresholdsByType('http', Object.entries(body.thresholds));
    },

    async serverTime(signal) {
      const body = await call<{ serverTime?: unknown }>('GET', '/time', { signal });
      const text = body?.serverTime;
      // Refused without a zone, as a row's times are: read in the browser's own zone, the clock
      // offset would be off by it, and every task look hours old (stuck) west of UTC.
      const ms = typeof text === 'string' && !ZONELESS_TIME.test(text) ? Date.parse(text) : NaN;
      if (Number.isNaN(ms)) throw new TaskError('protocol', 'Expected {serverTime}', { cause: body });
      return ms;
    },

    async submit(type, payload) {
      return submitResultFrom(await call('POST', '', { body: { type, payload: payload ?? {} } }));
    },

    async cancel(id) {
      assertTaskId(id);
      const body = await call<{ task?: unknown }>('POST', `/${id}/cancel`, { taskId: id });
      return parseTaskRow(body?.task);
    },

    async retry(id) {
      assertTaskId(id);
      return submitResultFrom(await call('POST', `/${id}/retry`, { taskId: id }));
    },
  };
  if (options.stream !== false) source.subscribe = (handlers) => shared.subscribe(handlers);
  return source;
}
