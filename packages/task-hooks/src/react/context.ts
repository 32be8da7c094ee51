import type { JSX, ReactNode } from 'react';
import { QueryClient, QueryClientContext, QueryClientProvider, createContext, createElement, useContext, useMemo, useState } from './peers';
import { TaskError } from '../core/errors';
import type { ThresholdsByType } from '../core/thresholds';
import type { TaskSource } from '../sources/source';
import { createTaskClient } from './create-task-client';
import type { TaskClient } from './task-client';

/**
 * Props of {@link TaskProvider}. An interval (`pollInterval`, `safetyPollInterval`, `maxBackoff`)
 * that is not a finite number above 0 gets its default, and one of 2 ** 31 ms or more is cut to
 * 2 ** 31 - 1 (about 24.8 days, the longest a timer takes); `elapsedTickMs` and `verifyWindowMs`
 * fall back as their own docs say.
 */
export interface TaskProviderProps {
  /** Where tasks come from: `createSupabaseSource`, `createHttpSource`, `createMemorySource`. */
  source: TaskSource;
  /**
   * App-wide threshold overrides; `default` applies to every type. They win over the source's
   * `task_types` rows; a hook's own `thresholds` option wins over them.
   * @default undefined (the source's thresholds, else the seed defaults)
   */
  thresholds?: ThresholdsByType;
  /**
   * Poll interval in ms while updates are not pushed.
   * @default 2000
   */
  pollInterval?: number;
  /**
   * Safety poll interval in ms while the realtime channel is healthy; also the least time between
   * two reads of the source's thresholds (read again after a task read once it has passed).
   * @default 30000
   */
  safetyPollInterval?: number;
  /**
   * Cap of the backoff in ms after failed fetches (full jitter, exponential).
   * @default 30000
   */
  maxBackoff?: number;
  /**
   * How often `elapsedMs` ticks for active tasks (one shared timer); 0 turns ticking off. NaN, a
   * negative value, or 2 ** 31 and above (Infinity) keeps the default.
   * @default 1000
   */
  elapsedTickMs?: number;
  /**
   * How long (ms) a health verdict that time alone made worse ("no heartbeat for 3 s") is trusted
   * past the read behind the cached row. The moment a threshold is crossed the task is read again
   * (one batched request), and the verdict shows when that fresh row confirms it, so a worker that
   * beat since the last poll or a missed realtime event is never flagged. If no answer comes, the
   * verdict shows this long after the threshold anyway. A verdict that lower thresholds, or a
   * remount over a cached row, made worse waits the same way, from then. 0 judges from the cached
   * row alone; NaN, a negative value, or 2 ** 31 and above (Infinity) keeps the default.
   * @default 500
   */
  verifyWindowMs?: number;
  /**
   * The TanStack Query client to cache rows in. Defaults to the one of a surrounding
   * `QueryClientProvider`, else a client of its own.
   * @default the surrounding QueryClient, else a new one
   */
  queryClient?: QueryClient;
  /** The part of the app whose hooks read this source. */
  children?: ReactNode;
}

interface TaskContextValue {
  client: TaskClient;
  thresholds: ThresholdsByType | undefined;
}

const TaskContext = createContext<TaskContextValue | null>(null);

/**
 * Makes a task source available to every hook below it. One provider per source.
 * @example
 * const source = createSupabaseSource(supabase);
 * <TaskProvider source={source}><App /></TaskProvider>
 */
export function TaskProvider(props: TaskProviderProps): JSX.Element {
  const { source, thresholds, pollInterval, safetyPollInterval, maxBackoff, elapsedTickMs, verifyWindowMs, children } = props;
  const outer = useContext(QueryClientContext);
  // Made even when another is given (it is inert until used): the prop may be dropped later.
  const [own] = useState(() => new QueryClient());
  const queryClient = props.queryClient ?? outer ?? own;
  const client = useMemo(
    () =>
      createTaskClient(source, queryClient, {
        policy: { baseIntervalMs: pollInterval, safetyIntervalMs: safetyPollInterval, maxBackoffMs: maxBackoff },
        elapsedTickMs,
        verifyWindowMs,
      }),
    [source, queryClient, pollInterval, safetyPollInterval, maxBackoff, elapsedTickMs, verifyWindowMs],
  );
  const value = useMemo(() => ({ client, thresholds }), [client, thresholds]);
  // createElement rather than JSX: the JSX runtime would be one more import in the built entry.
  return createElement(QueryClientProvider, { client: queryClient }, createElement(TaskContext.Provider, { value }, children));
}

/**
 * The provider's client and app-wide thresholds, for hooks of your own; throws a clear error
 * (a `protocol` TaskError) outside a `TaskProvider`.
 * @example
 * const { client } = useTaskContext();
 * const offsetMs = client.getSnapshot().offsetMs; // server clock minus the local one
 */
export function useTaskContext(): TaskContextValue {
  const value = useContext(TaskContext);
  if (!value) throw new TaskError('protocol', 'Unstuck hooks must be used inside <TaskProvider source={…}>');
  return value;
}
