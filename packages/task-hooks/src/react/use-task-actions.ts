import { useMemo, useMutation, useState } from './peers';
import { isTaskError } from '../core/errors';
import { canCancelTask } from '../core/status';
import type { SubmitResult, TaskRow } from '../core/types';
import { taskKeys } from '../core/keys';
import { cacheAnswer } from './row-query';
import type { TaskClient } from './task-client';
import { shared } from './shared';
import { timed } from './timed';

/**
 * Cancel and retry bound to one task. Cancel is optimistic (the row shows `cancel_requested_at`
 * at once, so the UI says "cancelling") and rolled back if the request fails. Retry changes
 * nothing silently: it returns the new task and hands it to `onRetry` (only while the hook still
 * watches the task it retried), and the app decides whether to follow it.
 */
export function useTaskActions(client: TaskClient, id: string, onRetry: (result: SubmitResult) => void) {
  const { queryClient } = client;
  const key = taskKeys.task(id);
  // The trail gained an event (`cancel_requested`, `retried`) that its read at the optimistic
  // update, sent before the request, could not see, and that the row may not show as a change.
  const readTrail = () => void queryClient.invalidateQueries({ queryKey: taskKeys.events(id), exact: true });

  // Which action's failure is the newest outcome: a press starts afresh (its own error only shows
  // once it fails), and of two failures the later one shows, whichever was pressed first.
  // Set by each press's own onError, which TanStack runs only while the hook still follows that
  // request: a request for a task the hook has since left settles without news here.
  const [failed, setFailed] = useState<'cancel' | 'retry' | null>(null);

  // Keyed on the id: when the hook is retargeted, TanStack detaches it from a request still out for
  // the old id (which settles with that id's callbacks, into that id's row) instead of handing the
  // request this render's callbacks, which would write the old task's answer under the new id.
  const cancelMutation = useMutation({
    mutationKey: ['unstuck', 'cancel', id],
    // Sent even while the browser says offline (see useSubmitTask): paused, it would show
    // "cancelling" with no timeout until the device came back.
    networkMode: 'always',
    throwOnError: false, // reported in `error` (see useSubmitTask)
    // Whatever the app's default: a failure shows at once and the user decides to press again,
    // rather than a spinner through the app's retries (each up to 20 s, see below).
    retry: false,
    // Given 20 s as a read is (see timed.ts): a request lost on a half-open connection would
    // otherwise stay pending for good, the button disabled and every later press joining it.
    // Both are idempotent on the server, so pressing again after a timeout is safe.
    mutationFn: () => timed(() => client.source.cancel(id)),
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: key, exact: true });
      const previous = queryClient.getQueryData<TaskRow | null>(key);
      if (!previous || !canCancelTask(previous)) return undefined; // nothing optimistic to undo
      const requestedAt = new Date(client.clock.serverNow()).toISOString();
      const optimistic = queryClient.setQueryData<TaskRow>(key, { ...previous, cancel_requested_at: requestedAt });
      return { previous, optimistic };
    },
    // Neither the rollback nor the answer replaces a row read while the request was out (the task
    // may have ended, the worker acknowledged): that row is newer, and the older one would show a
    // stale state until the next poll.
    onError: (_error, _vars, context) => {
      if (context && queryClient.getQueryData(key) === context.optimistic) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (row) => {
      cacheAnswer(queryClient, row);
      readTrail();
    },
  }, queryClient);

  const retryMutation = useMutation({
    mutationKey: ['unstuck', 'retry', id],
    networkMode: 'always',
    throwOnError: false,
    retry: false,
    mutationFn: () => timed(() => client.source.retry(id)),
    // Refused with illegal_state: the server does not find the task stuck, so the row or the
    // type's thresholds (an operator raised a timeout) the verdict rests on are behind the
    // server's. Both are read again (the thresholds after the row read: refusals that come
    // together share a read of them), and the page stops offering a Retry the server refuses.
    onError: (error) => {
      if (!isTaskError(error) || error.code !== 'illegal_state') return;
      client.expireThresholds();
      void client.refetch([id]);
    },
    onSuccess: (result) => {
      const task = cacheAnswer(queryClient, result.task);
      void queryClient.invalidateQueries({ queryKey: taskKeys.active(task.type) });
      void client.refetch([id]); // the old row changed too when a stuck task was failed first
      readTrail();
    },
  }, queryClient);

  const cancelAsync = cancelMutation.mutateAsync;
  const cancel = useMemo(
    () =>
      shared(async () => {
        setFailed(null);
        try {
          await cancelAsync(undefined, { onError: () => setFailed('cancel') });
        } catch {
          // Surfaced as `error`; the optimistic state was rolled back.
        }
      }),
    // A new id starts afresh: a click on the new task must not join the old task's request.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- id is the reason, not a value read
    [cancelAsync, id],
  );

  const retryAsync = retryMutation.mutateAsync;
  const retry = useMemo(
    () =>
      shared(async () => {
        setFailed(null);
        try {
          // `onRetry` per call, not in the options above: TanStack calls it only while this hook
          // still observes the request. Once it watches another task or has unmounted, following
          // the retry would take the user away from what they turned to (`retry()` still resolves).
          return await retryAsync(undefined, { onSuccess: onRetry, onError: () => setFailed('retry') });
        } catch {
          return undefined; // surfaced as `error`
        }
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as cancel's; onRetry reads the latest options
    [retryAsync, id],
  );

  return { cancel, retry, cancelMutation, retryMutation, failed };
}
