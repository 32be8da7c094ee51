/**
 * `@unstuck/task-hooks/core`: everything that does not need React — the row contract, typed
 * errors, status model, health from server timestamps, clock offset and poll policy.
 */
export * from './types';
export * from './errors';
export type * from './health.types';
export * from './status';
export * from './parse';
export * from './thresholds';
export * from './health';
export * from './clock';
export * from './poll-policy';
export * from './keys';
export type { ConnectionState, SubscribeHandlers, TaskSource } from '../sources/source';
