import { TaskError } from '../core/errors';

/**
 * A request body as JSON text, as supabase-js writes it (a BigInt as its decimal digits), so one
 * payload works with every source. A value JSON cannot hold (a cycle, Infinity, NaN) or would
 * write as `{}` (a Map, a Set: the entries would be lost) is the caller's `invalid_id`, its message
 * naming where it is (`payload.tags is a Set`): not a TypeError, which no source method may reject
 * with, nor a `network` error, which would tell the user the task may have been created.
 *
 * Takes an object of named fields (a request body, `{ payload }`), never a bare value: a path starts
 * at a field's name, so every source names the same place (`payload`, `payload[1]`) whether the
 * payload is the Set or holds one.
 * @example jsonText({ payload: { n: 1n } }) // '{"payload":{"n":"1"}}'
 */
export function jsonText(fields: Record<string, unknown>): string {
  // The path of each object met so far (the holder of the next value), to name the bad one's place.
  // A field is named by its key alone: neither `fields` nor the wrapper JSON.stringify starts from
  // adds to it. (A path may be '', a field named '': it is still a parent.)
  const paths = new WeakMap<object, string>();
  try {
    return JSON.stringify(fields, function (this: object, key: string, item: unknown) {
      const parent = this === fields ? undefined : paths.get(this);
      const path = parent === undefined ? key : Array.isArray(this) ? `${parent}[${key}]` : `${parent}.${key}`;
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
