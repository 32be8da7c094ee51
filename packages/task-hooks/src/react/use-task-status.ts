import { useEffect, useQuery, useRef } from './peers';
import type { TaskHealth } from '../core/health.types';
import { canCancelTask, canRetryTask, isCancelRequested } from '../core/status';
import type { SubmitResult, TaskRow, TaskThresholds } from '../core/types';
import { useClientState, useTaskIdArgument } from './client-state';
import { deriveTask, toTaskError } from './derive';
import { useHealthTimer, useLatest, useLiveTick, useVerify, useWatch } from './lifecycle';
import { rowQueryOptions } from './row-query';
import { useStable } from './stable';
import type { TaskStatusResult } from './types';
import { useTaskActions } from './use-task-actions';
import { useSettledErrors } from './settled-error';

/** Options of {@link useTaskStatus}. */
export interface UseTaskStatusOptions<TPayload = unknown, TResult = unknown> {
  /**
   * Set false to stop watching (no request, no timer). Turning it back on connects at once.
   * @default true
   */
  enabled?: boolean;
  /**
   * Use the source's push channel (one shared, ref-counted subscription) and only poll slowly
   * while it is healthy. Ignored when the source has no `subscribe`.
   * @default true
   */
  realtime?: boolean;
  /**
   * Poll interval in ms while updates are not pushed.
   * @default the provider's pollInterval (2000)
   */
  pollInterval?: number;
  /**
   * Threshold overrides for this hook only (milliseconds); a value that is not a finite number
   * above 0 (but a `cancelGraceMs` of 0) is ignored, as in `resolveThresholds`.
   * @default the source's thresholds for the task's type, then the provider's overrides
   */
  thresholds?: Partial<TaskThresholds>;
  /**
   * Called once per task id when a fetched row is terminal (completed, failed or cancelled).
   * @default undefined
   */
  onComplete?: (task: TaskRow<TPayload, TResult>) => void;
  /**
   * Called once each time the task turns stuck.
   * @default undefined
   */
  onStuck?: (health: TaskHealth, task: TaskRow<TPayload, TResult>) => void;
  /**
   * Called after a successful `retry()` with the task to follow: the new one, or the earlier retry
   * when the task was retried before (`created: false`, e.g. from another tab). Set your id state here.
   * Not called when the answer comes after the hook turned to another id or unmounted: following it
   * then would take the user away from what they turned to (`retry()` still resolves with it).
   * @default undefined
   */
  onRetry?: (result: SubmitResult<TPayload, TResult>) => void;
  /**
   * Re-render every `elapsedTickMs` (provider, 1 s) while active, so `elapsedMs` counts up.
   * @default true
   */
  liveElapsed?: boolean;
}

/**
 * Watches one task: its row, status, health from server time (slow / stuck with a reason),
 * elapsed time, connection, and bound cancel / retry. Polls of every hook share one request per
 * tick; terminal tasks and missing rows stop polling.
 * @example
 * function Export({ id }: { id: string }) {
 *   const t = useTaskStatus(id, { onComplete: (task) => toast(`Done: ${task.id}`) });
 *   if (t.health.state === 'stuck') return <button onClick={t.retry}>Retry</button>;
 *   return <progress value={t.task?.progress ?? undefined} />;
 * }
 * @example
 * // follow a retry to the new task
 * const [id, setId] = useState(firstId);
 * const t = useTaskStatus(id, { onRetry: (r) => setId(r.task.id) });
 */
export function useTaskStatus<TPayload = unknown, TResult = unknown>(
  id: string | null | undefined,
  options: UseTaskStatusOptions<TPayload, TResult> = {},
): TaskStatusResult<TPayload, TResult> {
  const { taskId, enabled, invalidError } = useTaskIdArgument(id, options.enabled);
  const { client, realtime, connection, serverNow, healthDelayMs, judging, thresholdsFor } = useClientState(options.realtime);

  // Watched first: the mount read, sent as the query subscribes, then counts as asked for (see `verify`).
  useWatch(client, enabled ? [taskId] : [], options.pollInterval, realtime);
  // The provider's client, not the nearest QueryClientProvider's (an app's own may sit below the
  // provider): the scheduler polls the rows in the provider's, and there every hook must cache them.
  const query = useQuery(rowQueryOptions(client, taskId, enabled), client.queryClient);
  // Nothing is ever cached under the '' of an invalid or absent id, so `data` is undefined then.
  const row = query.data as TaskRow<TPayload, TResult> | null | undefined;

  const thresholds = useStable(thresholdsFor(row?.type, options.thresholds));
  const derived = deriveTask(row, invalidError !== null, thresholds, serverNow, judging(taskId, row ? thresholds : null));
  const health = useStable(derived.health);
  // Disabled, a cached row still shows, but nothing runs for it: no health timer, no tick.
  useHealthTimer(client, enabled ? derived.wakeAt : null, healthDelayMs);
  useVerify(client, derived.verifySince === null || !enabled ? [] : [[taskId, derived.verifySince]]);
  useLiveTick(client, enabled && (options.liveElapsed ?? true) && !!row && !derived.isTerminal);

  // The callbacks of the latest render, for effects and actions that outlive it.
  const latest = useLatest(options);
  const { cancel, retry, cancelMutation, retryMutation, failed } = useTaskActions(client, taskId, (result) =>
    latest.current.onRetry?.(result as SubmitResult<TPayload, TResult>),
  );
  useTaskCallbacks(row, derived.isTerminal, health, latest);

  const readError = useSettledErrors(taskId)(taskId, query);
  // The newest outcome only (see `failed`); a failed Cancel not once the row offers no cancel: it
  // was applied anyway (its answer lost, another tab) or the task ended while it was out.
  const actionError = failed === 'cancel' ? row && canCancelTask(row) && cancelMutation.error : failed && retryMutation.error;
  const error = invalidError ?? toTaskError(actionError || readError);
  const canRetryRow = !!row && canRetryTask(row, health.state === 'stuck');
  useClearActionErrors(row?.status, canRetryRow, cancelMutation, retryMutation);

  const isCancelPending = cancelMutation.isPending;
  const isRetryPending = retryMutation.isPending;
  // The same object while every field is the same, so a poll that changes nothing renders nothing.
  return useStable({
    task: row ?? undefined,
    status: derived.status,
    isTerminal: derived.isTerminal,
    health,
    elapsedMs: derived.elapsedMs,
    isCancelling: !!row && isCancelRequested(row),
    connection,
    error,
    thresholds,
    cancel,
    retry: retry as TaskStatusResult<TPayload, TResult>['retry'],
    canCancel: !!row && !isCancelPending && canCancelTask(row),
    canRetry: canRetryRow && !isRetryPending,
    isCancelPending,
    isRetryPending,
  });
}

/** `onComplete` once per task id from a fetched terminal row; `onStuck` once per stuck episode. */
function useTaskCallbacks<TPayload, TResult>(
  row: TaskRow<TPayload, TResult> | null | undefined,
  isTerminal: boolean,
  health: TaskHealth,
  latest: { readonly current: Pick<UseTaskStatusOptions<TPayload, TResult>, 'onComplete' | 'onStuck'> },
): void {
  const completed = useRef(new Set<string>());
  // Per id, the episode last told and the `updated_at` it was last judged stuck on (forgotten when
  // it is seen not stuck). An episode is a stuck reason and the instant it rests on (the last beat,
  // the start, the cancel request, the attempt that went unclaimed), so a beat and then a new stop
  // is a new one, whether or not the hook watched the id meanwhile. Not `updated_at` alone: a task
  // running too long still beats. The instant is parsed: two sources may write it differently. A
  // new reason on the very row still judged stuck is only the thresholds moving (a timeout changed
  // while the task stays stuck): the same one.
  const told = useRef(new Map<string, [episode: string, updatedAt: string]>());
  useEffect(() => {
    if (!row) return;
    if (isTerminal && !completed.current.has(row.id)) {
      completed.current.add(row.id);
      latest.current.onComplete?.(row);
    }
    if (health.state !== 'stuck') {
      const was = told.current.get(row.id);
      if (was) told.current.set(row.id, [was[0], '']); // it recovered: a new reason next is a new episode
      return;
    }
    const { reason } = health;
    const episode = `${reason} ${row.attempt} ${Date.parse(
      (reason === 'no_heartbeat' ? row.heartbeat_at : reason === 'cancel_not_acknowledged' ? row.cancel_requested_at : row.started_at) ?? '',
    )}`;
    const [toldEpisode, toldAt] = told.current.get(row.id) ?? [];
    told.current.set(row.id, [episode, row.updated_at]);
    if (toldEpisode !== episode && toldAt !== row.updated_at) latest.current.onStuck?.(health, row);
  }, [row, isTerminal, health, latest]);
}

type ActionState = { error: unknown; reset: () => void };

/**
 * An action's error stays until it is no longer true: the task's status changed, or a Retry
 * refused while the row offered none is offered again (the task turned stuck since); a press hides
 * it at once (see `failed` in useTaskActions). Not at every new `updated_at`: a worker's heartbeat
 * moves it, so a failed Cancel of a running task showed for a moment only and the press seemed to
 * do nothing. An optimistic cancel and its rollback keep the status, so they never clear the error
 * they cause.
 */
function useClearActionErrors(
  status: string | undefined,
  retryOffered: boolean,
  cancelMutation: ActionState,
  retryMutation: ActionState,
): void {
  const seen = useRef([status, retryOffered] as const);
  useEffect(() => {
    const [was, wasOffered] = seen.current;
    seen.current = [status, retryOffered];
    // Only failed ones: reset() detaches a request still out, and its answer would be lost.
    if (was !== status && cancelMutation.error) cancelMutation.reset();
    if ((was !== status || (retryOffered && !wasOffered)) && retryMutation.error) retryMutation.reset();
  });
}
