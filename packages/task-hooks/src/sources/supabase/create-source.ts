// TaskSource over supabase-js: PostgREST reads under RLS, the contract's RPCs, and one shared
// Realtime channel as the push hint.
import type { SupabaseClient } from '@supabase/supabase-js';
import { assertTaskId, TaskError } from '../../core/errors';
import type { SubmitResult, TaskRow, TaskThresholds } from '../../core/types';
import { checkListLimit } from '../list-limit';
import { jsonText } from '../json-text';
import type { TaskSource } from '../source';
import type { BackoffOptions } from './backoff';
import { fromPostgrest, fromThrown, type PostgrestErrorLike } from './errors';
import { openTasksChannel } from './realtime-channel';
import { asSubmitResult, asTaskRows, thresholdsFromRows } from './rows';
import { parseTaskEvent, parseTaskRow } from '../../core/parse';
import { SharedSubscription } from './shared-subscription';
import { browserWakeEvents, type WakeEvents } from '../wake';

/** Options of {@link createSupabaseSource}. */
export interface SupabaseSourceOptions {
  /**
   * Use Realtime for push hints. Without it the hooks poll at the base rate.
   * @default true
   */
  realtime?: boolean;
  /**
   * Delays between attempts to re-open the Realtime channel after it failed. They grow until a
   * channel stays subscribed for `maxDelayMs`.
   * @default { initialDelayMs: 1000, maxDelayMs: 30000 }
   */
  reconnect?: BackoffOptions;
  /**
   * Where wake-ups come from (tab visible, back online, offline).
   * @default the browser's `visibilitychange`, `online` and `offline` events (a no-op on servers)
   */
  wakeEvents?: WakeEvents;
  /**
   * Forced session refreshes after the server refused the channel are at most this frequent.
   * @default 5000
   */
  minRefreshIntervalMs?: number;
  /** Largest number of ids in one read; more are split into parallel reads (0 or NaN: the default; below 1: 1). @default 100 */
  maxIdsPerRequest?: number;
}

interface PostgrestAnswer<T> {
  data: T | null;
  error: PostgrestErrorLike | null;
  status: number;
}

/** Awaits a postgrest-js builder and turns its `{data, error, status}` into a value or a TaskError. */
async function settle<T>(request: PromiseLike<PostgrestAnswer<T>>, taskId?: string): Promise<T | null> {
  let answer: PostgrestAnswer<T>;
  try {
    answer = await request;
  } catch (error) {
    throw fromThrown(error);
  }
  if (answer.error) throw fromPostgrest(answer.error, answer.status, taskId);
  return answer.data;
}

function assertType(type: unknown): asserts type is string {
  if (typeof type !== 'string' || type === '') {
    throw new TaskError('unknown_type', `Task type must be a non-empty string, got ${JSON.stringify(type)}`);
  }
}

const EVENT_COLUMNS = 'id,task_id,actor,kind,from_status,to_status,reason,at';

/**
 * A TaskSource backed by your Supabase project: reads go through PostgREST (RLS decides what the
 * signed-in user sees), actions call the contract's RPCs, and one Realtime channel per source
 * (filtered to the user's rows) hints at changes.
 *
 * Realtime events are only hints: every SUBSCRIBED (first or re-) asks for a full refetch, since
 * Realtime has no replay. After CHANNEL_ERROR, TIMED_OUT or CLOSED the source reports `polling`,
 * removes the channel and opens a new one (unique topic) after a capped, jittered backoff. When the
 * server itself refused or closed the channel while the socket stayed up, the session is refreshed
 * first: that is how an expired token shows, and it is detected from the socket state, never from
 * the error text. Transport failures do not force a refresh (the network is down; `getSession`
 * still refreshes a token that has expired), and forced refreshes are rate-limited. A visible tab
 * or a return online refetches everything and re-joins a channel that is not joined.
 *
 * In Node (tests, scripts) give supabase-js a WebSocket: `realtime: { transport: WebSocket }` from `ws`.
 * @example
 * import { createClient } from '@supabase/supabase-js';
 * import { createSupabaseSource } from '@unstuck/task-hooks/supabase';
 * const supabase = createClient(url, anonKey);
 * const source = createSupabaseSource(supabase);
 */
export function createSupabaseSource(client: SupabaseClient, options: SupabaseSourceOptions = {}): TaskSource {
  // `||`: a NaN (an unset environment variable) would make every chunk empty and every task missing.
  const maxIds = Math.max(1, options.maxIdsPerRequest || 100);
  // The hooks own retries (with their poll policy); postgrest-js' own GET retries would only delay
  // the `network` answer by seconds.
  const table = (name: string) => client.from(name);
  const rpc = <T>(fn: string, args: Record<string, unknown>, taskId?: string) =>
    settle<T>(client.rpc(fn, args).retry(false) as unknown as PromiseLike<PostgrestAnswer<T>>, taskId);

  const shared = new SharedSubscription((emit) =>
    openTasksChannel(client, emit, {
      reconnect: options.reconnect,
      wakeEvents: options.wakeEvents ?? browserWakeEvents,
      minRefreshIntervalMs: options.minRefreshIntervalMs,
    }),
  );

  const readChunk = async (ids: readonly string[], signal?: AbortSignal): Promise<TaskRow[]> => {
    let query = table('tasks').select('*').in('id', [...ids]).retry(false);
    if (signal) query = query.abortSignal(signal);
    return asTaskRows(await settle(query));
  };

  /** Whether the task exists and RLS lets the caller see it. */
  const isVisible = async (id: string, signal?: AbortSignal): Promise<boolean> => {
    let query = table('tasks').select('id').eq('id', id).retry(false);
    if (signal) query = query.abortSignal(signal);
    const rows = await settle(query, id);
    return Array.isArray(rows) && rows.length > 0;
  };

  const source: TaskSource = {
    kind: 'supabase',

    async fetchTasks(ids, signal) {
      ids.forEach((id) => assertTaskId(id));
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      const chunks: string[][] = [];
      for (let i = 0; i < unique.length; i += maxIds) chunks.push(unique.slice(i, i + maxIds));
      return (await Promise.all(chunks.map((chunk) => readChunk(chunk, signal)))).flat();
    },

    async fetchActiveTask(type, signal) {
      assertType(type);
      let query = table('tasks')
        .select('*')
        .eq('type', type)
        .in('status', ['pending', 'processing'])
        .order('created_at', { ascending: false })
        .limit(1)
        .retry(false);
      if (signal) query = query.abortSignal(signal);
      const rows = asTaskRows(await settle(query));
      return rows[0] ?? null;
    },

    async listTasks(listOptions = {}, signal) {
      const limit = checkListLimit(listOptions.limit ?? 50);
      let query = table('tasks').select('*');
      if (listOptions.type !== undefined) {
        assertType(listOptions.type);
        query = query.eq('type', listOptions.type);
      }
      let ordered = query.order('created_at', { ascending: false }).limit(limit).retry(false);
      if (signal) ordered = ordered.abortSignal(signal);
      return asTaskRows(await settle(ordered));
    },

    async fetchEvents(id, signal) {
      assertTaskId(id);
      let query = table('task_events').select(EVENT_COLUMNS).eq('task_id', id).order('id', { ascending: true }).retry(false);
      if (signal) query = query.abortSignal(signal);
      const rows = await settle(query, id);
      if (!Array.isArray(rows)) throw new TaskError('protocol', 'Expected task_events rows', { cause: rows });
      // RLS hides a foreign task's trail as an empty list. Every visible task has at least its
      // `submitted` event, so only an empty answer costs one more read, to say not_found as the
      // other sources do rather than "no events yet".
      if (rows.length === 0 && !(await isVisible(id, signal))) {
        throw new TaskError('not_found', `not_found: task ${id} does not exist or is not yours`, { taskId: id });
      }
      return rows.map((row) => parseTaskEvent(row));
    },

    async fetchThresholds(signal): Promise<Record<string, TaskThresholds>> {
      let query = table('task_types')
        .select('type,pending_warn_after,pending_timeout,heartbeat_warn_after,heartbeat_timeout,max_runtime,cancel_grace')
        .retry(false);
      if (signal) query = query.abortSignal(signal);
      return thresholdsFromRows(await settle(query));
    },

    async serverTime(signal) {
      let request = client.rpc('server_time').retry(false);
      if (signal) request = request.abortSignal(signal);
      const value = await settle(request as unknown as PromiseLike<PostgrestAnswer<unknown>>);
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isNaN(ms)) throw new TaskError('protocol', 'server_time() did not return a timestamp', { cause: value });
      return ms;
    },

    async submit(type, payload): Promise<SubmitResult> {
      assertType(type);
      // jsonText's copy, not the payload: supabase-js would write a Map as {}, and before 2.103.1 throw
      // on a BigInt inside the request (`network`: the user told the task may have been created).
      const sent = JSON.parse(jsonText({ payload })).payload;
      return asSubmitResult(await rpc('submit_task', { p_type: type, p_payload: sent ?? {} }));
    },

    async cancel(id) {
      assertTaskId(id);
      return parseTaskRow(await rpc('request_task_cancel', { p_task_id: id }, id));
    },

    async retry(id) {
      assertTaskId(id);
      return asSubmitResult(await rpc('retry_task', { p_task_id: id }, id));
    },
  };

  if (options.realtime !== false) source.subscribe = (handlers) => shared.subscribe(handlers);
  return source;
}
