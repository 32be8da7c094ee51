// What a parsed request body must be before any source sees it, beyond being JSON: nested at most
// MAX_BODY_DEPTH levels, and without a number JSON text cannot carry.
// - JSON.parse reads any depth a 1 MiB body can hold, but what comes next may not: an app's source
//   that writes the payload with JSON.stringify, or a database driver, recurses, and ran out of
//   stack a few thousand levels down (a 500, or a crashed worker thread).
// - JSON.parse reads `1e400` as Infinity, which JSON.stringify then writes as null: an app's source
//   that does not check would store, and run the task on, an input the user never sent.
import { badRequest } from './responses';

/** Levels a body's field may nest: far beyond any task's input, far within a stack. */
export const MAX_BODY_DEPTH = 256;

/** An object or array still to look into: its place is kept as a link to its holder and its key. */
interface Holder {
  value: object;
  key: string | number;
  holder: Holder | undefined;
  depth: number;
}

/**
 * Refuses, as 400 `invalid_id` naming the field, a body whose field holds a value more than
 * MAX_BODY_DEPTH levels down (`{"payload": [[1]]}`: the 1 is 2 levels into `payload`), or a number
 * that overflowed to ±Infinity. Walks with a stack of its own, so that the check itself cannot
 * overflow; and builds a value's path only when refusing it, since every POST waits on this walk
 * (a path string and a tuple for each of a 1 MiB body's values cost many times its JSON.parse).
 */
export function assertBodyDepth(body: Record<string, unknown>): void {
  const stack: Holder[] = [];
  const check = (value: unknown, key: string | number, holder: Holder | undefined, depth: number): void => {
    if (depth > MAX_BODY_DEPTH) refuse(key, holder, `nests deeper than ${MAX_BODY_DEPTH} levels`);
    if (value === Infinity || value === -Infinity) refuse(key, holder, `is ${value}: a number too large for JSON (like 1e400)`);
    if (typeof value === 'object' && value !== null) stack.push({ value, key, holder, depth });
  };
  for (const key of Object.keys(body)) check(body[key], key, undefined, 0);
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { value, depth } = entry;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) check(value[i], i, entry, depth + 1);
    } else {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) check(record[key], key, entry, depth + 1);
    }
  }
}

/** The 400 for the value at `key` of `holder`, its path joined from the holders up to the body. */
function refuse(key: string | number, holder: Holder | undefined, problem: string): never {
  const parts: Array<string | number> = [key];
  for (let at = holder; at; at = at.holder) parts.push(at.key);
  // A field of the body is its bare key; an array's index is `[i]`, an object's key `.key`.
  const path = parts.reverse().map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
  badRequest('invalid_id', `${shown(path)} ${problem}`);
}

/** A path to show: its start and its end (a path 257 levels deep, or a long key, is kilobytes). */
function shown(path: string): string {
  return path.length > 100 ? `${path.slice(0, 50)}…${path.slice(-30)}` : path;
}
