/**
 * `@unstuck/task-hooks`: React hooks that watch Postgres background tasks and say, from server
 * time, when one is stuck. Everything of `@unstuck/task-hooks/core` is re-exported here.
 */
export * from './core/index';
export * from './react/index';
