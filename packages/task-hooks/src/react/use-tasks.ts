import { useMemo, useQueries, useState } from './peers';
import { invalidIdError, isTaskId, type TaskError } from '../core/errors';
import type { TaskHealth } from '../core/health.types';
import type { TaskRow, TaskThresholds } from '../core/types';
import type { ConnectionState } from '../sources/source';
import { useClientState } from './client-state';
import { deriveTask, toTaskError } from './derive';
import { useHealthTimer, useLiveTick, useVerify, useWatch } from './lifecycle';
import { rowQueryOptions } from './row-query';
import { settledError } from './settled-error';
import type { TaskStatusResult } from './types';

/** One task as `useTasks` reports it: the read-only part of `TaskStatusResult`. */
export interface TaskSummary<TPayload = unknown, TResult = unknown> {
  id: string;
  task: TaskRow<TPayload, TResult> | undefined;
  status: TaskStatusResult['status'];
  isTerminal: boolean;
  health: TaskHealth;
  elapsedMs: number | null;
  error: TaskError | null;
}

/** Options of {@link useTasks}, as {@link UseTaskStatusOptions} without the callbacks. */
export interface UseTasksOptions {
  /** Set false to stop watching every id (no request, no timer). @default true */
  enabled?: boolean;
  /** Use the shared push channel when the source has one. @default true */
  realtime?: boolean;
  /** Poll interval in ms while updates are not pushed. @default the provider's pollInterval (2000) */
  pollInterval?: number;
  /** Threshold overrides for these tasks. @default undefined */
  thresholds?: Partial<TaskThresholds>;
  /** Re-render every `elapsedTickMs` (provider, 1 s) while any task is active, so `elapsedMs` counts up. @default true */
  liveElapsed?: boolean;
}

/** What {@link useTasks} returns. */
export interface UseTasksResult<TPayload = unknown, TResult = unknown> {
  /** In the order of the ids given (malformed ids included, as `not_found` with `invalid_id`). */
  tasks: Array<TaskSummary<TPayload, TResult>>;
  /** True until every valid id has had a first answer. */
  isLoading: boolean;
  connection: ConnectionState;
}

/**
 * Watches many tasks at once (a list, a dashboard): all of them are fetched in one request per
 * tick and share one realtime subscription. Pass a new array freely; only a change of the ids
 * themselves re-subscribes.
 * @example
 * const { tasks } = useTasks(rows.map((r) => r.id));
 * const stuck = tasks.filter((t) => t.health.state === 'stuck');
 */
export function useTasks<TPayload = unknown, TResult = unknown>(
  ids: readonly string[],
  options: UseTasksOptions = {},
): UseTasksResult<TPayload, TResult> {
  const { client, realtime, connection, serverNow, healthDelayMs, judging, thresholdsFor } = useClientState(options.realtime);
  const enabled = options.enabled ?? true;
  // The valid ids only: a UUID has no comma, so the key splits back into exactly these (a malformed
  // id such as "x,<uuid>" must not smuggle a valid one in). Lower-case, as the database writes a
  // UUID (see `useTaskIdArgument`).
  const key = ids.filter(isTaskId).map((id) => id.toLowerCase()).join(',');
  const validIds = useMemo(() => [...new Set(key.split(',').filter(isTaskId))], [key]);
  // Before the queries, as in `useTaskStatus`.
  useWatch(client, enabled ? validIds : [], options.pollInterval, realtime);
  const results = useQueries({ queries: validIds.map((id) => rowQueryOptions(client, id, enabled)) }, client.queryClient);

  const byId = new Map(validIds.map((id, i) => [id, results[i]]));
  // Holders for the hook's life, not per list: an id that stays in a changed list keeps its error.
  // Those of ids no longer in it go, so a long-lived list of changing ids holds no more than it shows.
  const [held] = useState(() => new Map<string, unknown>());
  for (const id of held.keys()) if (!byId.has(id)) held.delete(id);
  const settled = (id: string, query: (typeof results)[number]) => settledError(held, id, query);
  const wakes: number[] = [];
  const waiting: Array<[string, number]> = [];
  const tasks = ids.map((id): TaskSummary<TPayload, TResult> => {
    // String(): a null or a number among the ids (a column with gaps) is an invalid id, not a crash.
    const taskId = String(id).toLowerCase();
    const result = byId.get(taskId);
    const row = result?.data as TaskRow<TPayload, TResult> | null | undefined;
    const thresholds = thresholdsFor(row?.type, options.thresholds);
    const { wakeAt, verifySince, ...derived } = deriveTask(row, !result, thresholds, serverNow, judging(taskId, row ? thresholds : null));
    // Disabled, cached rows still show, but nothing runs for them: no health timer, no tick.
    if (wakeAt !== null && enabled) wakes.push(wakeAt);
    if (verifySince !== null && enabled) waiting.push([taskId, verifySince]);
    return { id, task: row ?? undefined, ...derived, error: result ? toTaskError(settled(taskId, result)) : invalidIdError(id) };
  });
  useHealthTimer(client, wakes.length > 0 ? Math.min(...wakes) : null, healthDelayMs);
  useVerify(client, waiting);
  useLiveTick(client, enabled && (options.liveElapsed ?? true) && tasks.some((t) => t.task && !t.isTerminal));

  return { tasks, isLoading: results.some((r, i) => r.data === undefined && !settled(validIds[i]!, r) && enabled), connection };
}
