import type { TaskThresholds } from './types';

/**
 * The check `task_types` makes: every threshold above 0, except `cancelGraceMs`, which may be 0
 * (the reaper then cancels an unacknowledged request at its next run). Shared by
 * `resolveThresholds` and `parseThresholds` so the two cannot disagree. Internal: not exported from
 * the package entries.
 * @example validThreshold('maxRuntimeMs', 0) // false
 */
export const validThreshold = (key: keyof TaskThresholds, value: unknown): boolean =>
  // `Number.isFinite` is false for anything but a number, so this also refuses strings and null.
  Number.isFinite(value) && ((value as number) > 0 || (value === 0 && key === 'cancelGraceMs'));
