/**
 * `@unstuck/task-hooks`: React hooks that watch Postgres background tasks and say, from server
 * time, when one is stuck. Every type of `@unstuck/task-hooks/core` is re-exported here, with
 * `TaskError` / `isTaskError`; the other core functions are imported from `/core`, so this
 * entry stays small. The built file starts with "use client" (it creates React context).
 */
export type * from './core/index';
export { TaskError, isTaskError } from './core/errors';
export * from './react/index';
export { taskKeys, taskQueryOptions, type TaskQueryOptions } from './query/index';
