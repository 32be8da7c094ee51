import { useMemo, useMutation } from './peers';
import { TaskError } from '../core/errors';
import { isActiveStatus } from '../core/status';
import type { SubmitResult } from '../core/types';
import { useTaskContext } from './context';
import { cacheAnswer } from './row-query';
import { toTaskError } from './derive';
import { taskKeys } from '../core/keys';
import { useLatest } from './lifecycle';
import { shared } from './shared';
import { timed } from './timed';

/** A submit's answer, with `created=false` spelled out for the UI. */
export interface SubmitOutcome<TPayload = unknown, TResult = unknown> extends SubmitResult<TPayload, TResult> {
  /** True when a healthy active task of this type already existed and was returned instead. */
  attachedToExisting: boolean;
}

/** Options of {@link useSubmitTask}. */
export interface UseSubmitTaskOptions<TPayload = unknown, TResult = unknown> {
  /**
   * Called after a successful submit, new or attached; not when the answer comes after the hook
   * unmounted or its `type` changed (`submit()` still resolves with it), so an `onSubmitted` that
   * navigates does not pull a user back who has moved on.
   * @default undefined
   */
  onSubmitted?: (outcome: SubmitOutcome<TPayload, TResult>) => void;
}

/** What {@link useSubmitTask} returns. */
export interface UseSubmitTaskResult<TPayload = unknown, TResult = unknown> {
  /**
   * Submits; resolves with the outcome, or undefined on error (then see `error`). One submit at a
   * time: a call while one is out sends nothing and resolves with that one's outcome, whatever its
   * payload (a double press starts one task, not two; to start several at once, use a hook each),
   * even after `reset()`: the press is shown pending, then with that outcome (the request cannot be
   * aborted, so a fresh one could start a second task).
   * With no answer after 20 s it fails as a `network` error saying the task may have been created.
   */
  submit: (payload: TPayload) => Promise<SubmitOutcome<TPayload, TResult> | undefined>;
  /** The last outcome. */
  data: SubmitOutcome<TPayload, TResult> | undefined;
  isPending: boolean;
  error: TaskError | null;
  /** Clears `data`, `error` and `isPending`; a submit still out is no longer shown (see `submit`). */
  reset: () => void;
}

/**
 * Starts a task of a type. Where the type allows one active task per user, a second submit
 * returns the running task (`attachedToExisting`) instead of failing, and a stale one is
 * reaped by the database first (`reapedTaskId`).
 *
 * A submit is not idempotent, so a `network` error (no answer within 20 s, a dropped connection)
 * does not say whether the task was created: its message says it may have been, and the type's
 * `useActiveTask` is read again at once, which shows it if it was created by then (and is active); a
 * slow submit that answers after the 20 s (its request cannot be aborted) has its task cached and
 * the active task read again when that answer comes; otherwise `useActiveTask`'s next read shows
 * it. Pressing again may start a second task of a type that allows several.
 * @example
 * const { submit, isPending } = useSubmitTask<{ url: string }>('export');
 * const [id, setId] = useState<string>();
 * <button disabled={isPending} onClick={async () => setId((await submit({ url }))?.task.id)}>Export</button>
 */
export function useSubmitTask<TPayload = unknown, TResult = unknown>(
  type: string,
  options: UseSubmitTaskOptions<TPayload, TResult> = {},
): UseSubmitTaskResult<TPayload, TResult> {
  const { client } = useTaskContext();
  const { queryClient } = client;
  const latest = useLatest(options);
  // One request at a time, shared by every press while it is out (see `submit`). Shared here, under
  // the mutation rather than around it, so that a press that joins runs a mutation of its own: after
  // `reset()` (which detaches the hook from the one out) it is shown pending, then with the outcome.
  const send = useMemo(
    () =>
      shared((payload: TPayload): Promise<SubmitOutcome<TPayload, TResult>> => {
        const sent = client.source.submit(type, payload) as Promise<SubmitResult<TPayload, TResult>>;
        // Given 20 s as cancel and retry are (see timed.ts), or a lost answer leaves it pending for good.
        return timed(() => sent).then(
          async (result) => {
            const outcome = { ...result, attachedToExisting: !result.created };
            // Once per request, not per press that joined it (each would read the slot again).
            // An attached task may have ended while the answer was out: the newer row stays.
            const row = cacheAnswer(queryClient, outcome.task);
            const filters = { queryKey: taskKeys.active(type) };
            // A read of the type's slot sent before this answer (the page's first) may land after it
            // without the task, hiding it until the next poll: cancelled first.
            await queryClient.cancelQueries(filters);
            // The type's slot holds the task only while it is active; an ended one frees it: ask again.
            if (isActiveStatus(row.status)) queryClient.setQueryData(filters.queryKey, row);
            else void queryClient.invalidateQueries(filters);
            // The submit failed the caller's stale task first: read it now (if watched), as retry reads
            // the task it retries, rather than show it stuck and retryable until the next poll.
            if (outcome.reapedTaskId) void client.refetch([outcome.reapedTaskId]);
            return outcome;
          },
          (error: TaskError) => {
            // Sources reject with TaskErrors only. After a network error the request may have reached
            // the database and only its answer been lost: if the task exists, the type's active task
            // shows it (unlike cancel and retry, pressing again is not harmless).
            if (error.code !== 'network') throw error;
            const reread = () => void queryClient.invalidateQueries({ queryKey: taskKeys.active(type) });
            reread();
            // A timeout cannot abort the request (submit takes no signal): a slow one may still
            // commit after the read above. Its late answer is kept as any answer is and the active
            // task read again; no onSubmitted, as the press was already reported failed.
            sent.then((late) => {
              cacheAnswer(queryClient, late.task);
              reread();
            }, () => undefined);
            throw new TaskError('network', `${error.message}; the task may have been created`, { cause: error });
          },
        );
      }),
    // A new type starts afresh: a press for it must not join the old type's submit.
    [client, queryClient, type],
  );
  const mutation = useMutation({
    // Keyed on the type, as cancel and retry are on the id: TanStack hands a pending mutation each
    // render's options, so after a type change the answer for the old type would be written
    // under the new type's active key (and reported as the new type's submit).
    mutationKey: ['unstuck', 'submit', type],
    // Sent even while the browser says offline, as the reads are: TanStack would hold it, pending
    // with no timeout, and send it whenever the device came back, starting a task the user gave up on.
    networkMode: 'always',
    throwOnError: false, // `submit()` resolves undefined and `error` says why: never thrown in render
    retry: false, // whatever the app's default: a lost answer may hide a created task (see above)
    mutationFn: send,
  }, queryClient);
  const submitAsync = mutation.mutateAsync;
  // `useMemo` of a function, as `useCallback` would be (see peers.ts).
  const submit = useMemo(
    () => async (payload: TPayload) => {
      try {
        // `onSubmitted` per call, as `onRetry` is: TanStack calls it only while this hook still
        // observes the request (mounted, same type), and only the last press's.
        return await submitAsync(payload, { onSuccess: (outcome) => latest.current.onSubmitted?.(outcome) });
      } catch {
        return undefined;
      }
    },
    [submitAsync, latest],
  );
  return { submit, data: mutation.data, isPending: mutation.isPending, error: toTaskError(mutation.error), reset: mutation.reset };
}
