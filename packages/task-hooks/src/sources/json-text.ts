import { TaskError } from '../core/errors';

/**
 * A request body as JSON text, as supabase-js writes it (a BigInt as its decimal digits), so one
 * payload works with every source. A value JSON cannot hold (a cycle, Infinity, NaN) is the caller's `invalid_id`:
 * not a TypeError, which no source method may reject with, nor a `network` error, which would tell
 * the user the task may have been created.
 * @example jsonText({ n: 1n }) // '{"n":"1"}'
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === 'bigint') return String(item);
      // JSON.stringify would write null: the task would run on a payload the app never sent.
      if (typeof item === 'number' && !Number.isFinite(item)) throw new TypeError(`${item} has no JSON form`);
      return item;
    });
  } catch (error) {
    throw new TaskError('invalid_id', `The payload is not JSON (${error})`, { cause: error });
  }
}
