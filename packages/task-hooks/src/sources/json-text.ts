import { TaskError } from '../core/errors';

/**
 * A request body as JSON text, as supabase-js writes it (a BigInt as its decimal digits), so one
 * payload works with every source. A value JSON cannot hold (a cycle, Infinity, NaN) or would
 * write as `{}` (a Map, a Set: the entries would be lost) is the caller's `invalid_id`, its message
 * naming where it is (`payload.tags is a Set`): not a TypeError, which no source method may reject
 * with, nor a `network` error, which would tell the user the task may have been created.
 * @example jsonText({ n: 1n }) // '{"n":"1"}'
 */
export function jsonText(value: unknown): string {
  // The path of each object met so far (the holder of the next value), to name the bad one's place.
  const paths = new WeakMap<object, string>();
  try {
    return JSON.stringify(value, function (this: object, key: string, item: unknown) {
      const parent = paths.get(this);
      const path = parent ? (Array.isArray(this) ? `${parent}[${key}]` : `${parent}.${key}`) : key;
      if (typeof item === 'bigint') return String(item);
      // JSON.stringify would write null for the numbers and {} for the collections: the task would
      // run on a payload the app never sent.
      const bad = typeof item === 'number' ? !Number.isFinite(item) && String(item) : item instanceof Map ? 'a Map' : item instanceof Set && 'a Set';
      if (bad) throw new TypeError(`${path} is ${bad}, which JSON cannot hold`);
      if (typeof item === 'object' && item) paths.set(item, path);
      return item;
    });
  } catch (error) {
    throw new TaskError('invalid_id', `The payload is not JSON (${error})`, { cause: error });
  }
}
