/**
 * Equality of two JSON values as jsonb compares them: an object's keys in any order, arrays in
 * order. (The memory store keeps values as JSON.parse made them, so nothing else needs handling.)
 * @example sameJson({ a: 1, b: [2] }, { b: [2], a: 1 }) // true
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  const other = b as Record<string, unknown>;
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(other, key) && sameJson((a as Record<string, unknown>)[key], other[key]));
}
