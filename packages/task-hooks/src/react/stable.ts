import { useMemo } from './peers';

/**
 * The same object for as long as its fields are equal, so memoised results and effects
 * downstream do not re-run (health, thresholds and hook results are rebuilt at every render).
 * The value must always have the same keys in the same order, as `computeHealth`,
 * `resolveThresholds` and the hooks' result literals give.
 */
export function useStable<T extends object>(value: T): T {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the deps are the fields themselves
  return useMemo(() => value, Object.values(value));
}
