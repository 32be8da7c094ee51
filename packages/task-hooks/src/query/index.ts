/**
 * `@unstuck/task-hooks/query`: the query keys and options of the hooks, without React context,
 * so React Server Components and route handlers can prefetch rows the hooks then read.
 */
export { taskKeys, taskQueryOptions, type TaskQueryOptions } from './keys';
