import type { TaskThresholds } from './types';
import { validThreshold } from './valid-threshold';

/** Every field of {@link TaskThresholds}, for code that checks or compares them all. */
export const THRESHOLD_KEYS = [
  'pendingWarnAfterMs',
  'pendingTimeoutMs',
  'heartbeatWarnAfterMs',
  'heartbeatTimeoutMs',
  'maxRuntimeMs',
  'cancelGraceMs',
] as const satisfies ReadonlyArray<keyof TaskThresholds>;

/**
 * The seed row `default` of `task_types`: warn 10 min / stuck 30 min pending, warn 15 min /
 * stuck 20 min without a heartbeat, 2 h max runtime, 2 min cancel grace.
 * @example computeHealth(row, DEFAULT_THRESHOLDS, serverNow)
 */
export const DEFAULT_THRESHOLDS: Readonly<TaskThresholds> = /* @__PURE__ */ Object.freeze({
  pendingWarnAfterMs: 600_000, // 10 min
  pendingTimeoutMs: 1_800_000, // 30 min
  heartbeatWarnAfterMs: 900_000, // 15 min
  heartbeatTimeoutMs: 1_200_000, // 20 min
  maxRuntimeMs: 7_200_000, // 2 h
  cancelGraceMs: 120_000, // 2 min
});

/**
 * Per-type overrides. The key `default` applies to every type; a type's own key wins over it.
 * @example { default: { pendingWarnAfterMs: 30_000 }, video_render: { maxRuntimeMs: 6 * 3_600_000 } }
 */
export type ThresholdsByType = Record<string, Partial<TaskThresholds>>;

/**
 * The thresholds in force for a type, layered lowest to highest: built-in defaults, the source's
 * `default` row, the source's row for the type, app-wide overrides (`default`, then the type),
 * and finally one hook's own override. Invalid numbers are ignored: NaN, ±Infinity, negative, and
 * 0 for any key but `cancelGraceMs` (0 there is what the database allows; elsewhere 0 would make
 * every task stuck at once, and a user writing 0 or Infinity to mean "off" gets the layer below
 * instead: a year, `365 * 86_400_000`, switches a warning off).
 * @example
 * resolveThresholds('image_generation', { fromSource: await source.fetchThresholds() })
 */
export function resolveThresholds(
  type: string | undefined,
  layers: { fromSource?: ThresholdsByType; overrides?: ThresholdsByType; hook?: Partial<TaskThresholds> } = {},
): TaskThresholds {
  const { fromSource = {}, overrides = {}, hook } = layers;
  const forType = (byType: ThresholdsByType) => (type ? byType[type] : undefined);
  const resolved: TaskThresholds = { ...DEFAULT_THRESHOLDS };
  for (const layer of [fromSource.default, forType(fromSource), overrides.default, forType(overrides), hook]) {
    for (const [key, value] of Object.entries(layer ?? {}) as Array<[keyof TaskThresholds, number | undefined]>) {
      if (validThreshold(key, value)) resolved[key] = value as number;
    }
  }
  return resolved;
}

/**
 * True when two threshold sets are equal field by field (keeps memoised results stable).
 * @example sameThresholds(DEFAULT_THRESHOLDS, { ...DEFAULT_THRESHOLDS }) // true
 */
export function sameThresholds(a: TaskThresholds, b: TaskThresholds): boolean {
  return THRESHOLD_KEYS.every((key) => a[key] === b[key]);
}
