// The keys live in core, not in the /query entry beside `taskQueryOptions`: the hooks need them, and
// /query imports TanStack's `queryOptions`, an import every bundle of the hooks would then keep.

/**
 * Query keys of everything the hooks cache. One source per `QueryClient`: give a second source
 * its own client (`TaskProvider queryClient`). A task is keyed by its id in lower case (as the
 * hooks and `taskQueryOptions` write it): lower-case an id that may hold capitals.
 * @example queryClient.invalidateQueries({ queryKey: taskKeys.task(id) })
 */
export const taskKeys = {
  all: ['unstuck'] as const,
  task: (id: string) => ['unstuck', 'task', id] as const,
  active: (type: string) => ['unstuck', 'active', type] as const,
  events: (id: string) => ['unstuck', 'events', id] as const,
};
