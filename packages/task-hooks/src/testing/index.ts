/**
 * `@unstuck/task-hooks/testing`: an in-memory source and a scripted worker, for tests,
 * Storybook and demos. Deterministic; drive it with fake timers.
 */
export { createMemorySource } from './memory-source';
export type { MemorySource, MemorySourceOptions, MemorySourceStats } from './memory-source';
export { MemoryStore, fakeUuid } from './memory-store';
export type { MemoryTaskType, ReapCounts, WorkerAnswer } from './memory-types';
export { createSimulatedWorker } from './simulated-worker';
export type { SimulatedWorker, SimulatedWorkerOptions, WorkerScenario } from './simulated-worker';
