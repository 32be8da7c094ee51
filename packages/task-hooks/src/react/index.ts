export { TaskProvider, useTaskContext } from './context';
export type { TaskProviderProps } from './context';
export { useTaskStatus } from './use-task-status';
export type { UseTaskStatusOptions } from './use-task-status';
export { taskKeys, taskQueryOptions } from './keys';
export { TaskClient } from './task-client';
export type { ClientSnapshot, TaskClientOptions } from './task-client';
export { activeBrowserListenerCount } from './browser';
export type { TaskStatusResult } from './types';
