'use client';

import { useMutation } from '@tanstack/react-query';
import { useTaskContext } from '@unstuck/task-hooks';
import type { SubmitResult, TaskError } from '@unstuck/task-hooks/core';

/*
 * A small local stand-in for `useSubmitTask` of `@unstuck/task-hooks` (not published yet when
 * this page was written): submit through the provider's source, as a TanStack mutation.
 */
export function useSubmit(type: string) {
  const { client } = useTaskContext();
  return useMutation<SubmitResult, TaskError, unknown>({
    mutationFn: (payload) => client.source.submit(type, payload),
  });
}
