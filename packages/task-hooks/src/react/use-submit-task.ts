import { useMemo, useMutation, useQueryClient } from './peers';
import type { TaskError } from '../core/errors';
import { isActiveStatus } from '../core/status';
import type { SubmitResult } from '../core/types';
import { useTaskContext } from './context';
import { cacheAnswer } from './row-query';
import { toTaskError } from './derive';
import { taskKeys } from '../core/keys';
import { useLatest } from './lifecycle';
import { shared } from './shared';

/** A submit's answer, with `created=false` spelled out for the UI. */
export interface SubmitOutcome<TPayload = unknown, TResult = unknown> extends SubmitResult<TPayload, TResult> {
  /** True when a healthy active task of this type already existed and was returned instead. */
  attachedToExisting: boolean;
}

export interface UseSubmitTaskOptions<TPayload = unknown, TResult = unknown> {
  /**
   * Called after a successful submit, new or attached; not when the answer comes after the hook
   * unmounted or its `type` changed (`submit()` still resolves with it), so an `onSubmitted` that
   * navigates does not pull a user back who has moved on.
   * @default undefined
   */
  onSubmitted?: (outcome: SubmitOutcome<TPayload, TResult>) => void;
}

export interface UseSubmitTaskResult<TPayload = unknown, TResult = unknown> {
  /**
   * Submits; resolves with the outcome, or undefined on error (then see `error`). One submit at a
   * time: a call while one is out sends nothing and resolves with that one's outcome, whatever its
   * payload (a double press starts one task, not two; to start several at once, use a hook each).
   */
  submit: (payload: TPayload) => Promise<SubmitOutcome<TPayload, TResult> | undefined>;
  /** The last outcome. */
  data: SubmitOutcome<TPayload, TResult> | undefined;
  isPending: boolean;
  error: TaskError | null;
  reset: () => void;
}

/**
 * Starts a task of a type. Where the type allows one active task per user, a second submit
 * returns the running task (`attachedToExisting`) instead of failing, and a stale one is
 * reaped by the database first (`reapedTaskId`).
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
  const queryClient = useQueryClient();
  const latest = useLatest(options);
  const mutation = useMutation({
    // Keyed on the type, as cancel and retry are on the id: TanStack hands a pending mutation each
    // render's options, so after a type change the answer for the old type would be written
    // under the new type's active key (and reported as the new type's submit).
    mutationKey: ['unstuck', 'submit', type],
    mutationFn: async (payload: TPayload): Promise<SubmitOutcome<TPayload, TResult>> => {
      const result = (await client.source.submit(type, payload)) as SubmitResult<TPayload, TResult>;
      return { ...result, attachedToExisting: !result.created };
    },
    onSuccess: (outcome) => {
      // An attached task may have ended while the answer was out: the newer row stays.
      const row = cacheAnswer(queryClient, outcome.task);
      // The type's slot holds the task only while it is active; an ended one frees it: ask again.
      if (isActiveStatus(row.status)) queryClient.setQueryData(taskKeys.active(type), row);
      else void queryClient.invalidateQueries({ queryKey: taskKeys.active(type) });
      // The submit failed the caller's stale task first: read it now (if watched), as retry reads
      // the task it retries, rather than show it stuck and retryable until the next poll.
      if (outcome.reapedTaskId) void client.refetch([outcome.reapedTaskId]);
    },
  });
  const submitAsync = mutation.mutateAsync;
  // `useMemo` of a function, as `useCallback` would be (see peers.ts).
  const submit = useMemo(
    () =>
      shared(async (payload: TPayload) => {
        try {
          // `onSubmitted` per call, as `onRetry` is: TanStack calls it only while this hook still
          // observes the request (mounted, same type).
          return await submitAsync(payload, { onSuccess: (outcome) => latest.current.onSubmitted?.(outcome) });
        } catch {
          return undefined;
        }
      }),
    // A new type starts afresh: a press for it must not join the old type's submit.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- type is the reason, not a value read
    [submitAsync, type],
  );
  return { submit, data: mutation.data, isPending: mutation.isPending, error: toTaskError(mutation.error), reset: mutation.reset };
}
