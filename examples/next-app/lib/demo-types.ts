import type { TaskThresholds } from '@unstuck/task-hooks/core';

/**
 * The demo's task types. Their thresholds are seconds, not the production minutes of the
 * `default` row, so the whole story (warning, reaping, retry) fits in under a minute. The app
 * upserts these rows into `task_types` at start (lib/server/seed.ts); the client reads them back
 * from the database, so one definition serves the warning and the reaper.
 */
export interface DemoTaskType {
  type: string;
  label: string;
  /** What the user asks for, in their words. */
  action: string;
}

export const DEMO_TASK_TYPES: readonly DemoTaskType[] = [
  { type: 'demo_image', label: 'Image', action: 'Generate an image' },
  { type: 'demo_report', label: 'Report', action: 'Write a report' },
];

/** Seconds, as written into `task_types` (intervals). */
export const DEMO_THRESHOLDS_SECONDS = {
  pendingWarnAfter: 3,
  pendingTimeout: 8,
  heartbeatWarnAfter: 3,
  heartbeatTimeout: 8,
  maxRuntime: 90,
  cancelGrace: 5,
} as const;

export function isDemoType(value: unknown): boolean {
  return DEMO_TASK_TYPES.some((t) => t.type === value);
}

/** The type's name for people ("Image"), or the raw type when it is not a demo type. */
export function typeLabel(type: string | undefined | null): string {
  return DEMO_TASK_TYPES.find((t) => t.type === type)?.label ?? type ?? '';
}

/**
 * The same thresholds in milliseconds, per demo type, for `<TaskProvider thresholds>`. The server
 * seeds `task_types` from DEMO_THRESHOLDS_SECONDS, so both sides read one definition; handing it
 * to the client up front means a task submitted right after the page loads is judged at once,
 * without first waiting for the `/thresholds` round trip (seconds on a loaded server).
 */
export function demoThresholdsMs(): Record<string, TaskThresholds> {
  const S = DEMO_THRESHOLDS_SECONDS;
  const ms: TaskThresholds = {
    pendingWarnAfterMs: S.pendingWarnAfter * 1000,
    pendingTimeoutMs: S.pendingTimeout * 1000,
    heartbeatWarnAfterMs: S.heartbeatWarnAfter * 1000,
    heartbeatTimeoutMs: S.heartbeatTimeout * 1000,
    maxRuntimeMs: S.maxRuntime * 1000,
    cancelGraceMs: S.cancelGrace * 1000,
  };
  return Object.fromEntries(DEMO_TASK_TYPES.map((t) => [t.type, ms]));
}
