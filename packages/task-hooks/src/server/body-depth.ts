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

/**
 * Refuses, as 400 `invalid_id` naming the field, a body whose field holds a value more than
 * MAX_BODY_DEPTH levels down (`{"payload": [[1]]}`: the 1 is 2 levels into `payload`), or a number
 * that overflowed to ±Infinity. Walks with a stack of its own, so that the check itself cannot
 * overflow.
 */
export function assertBodyDepth(body: Record<string, unknown>): void {
  const stack: Array<[value: unknown, path: string, depth: number]> = Object.entries(body).map(([key, value]) => [value, key, 0]);
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path, depth] = item;
    if (depth > MAX_BODY_DEPTH) badRequest('invalid_id', `${shown(path)} nests deeper than ${MAX_BODY_DEPTH} levels`);
    if (value === Infinity || value === -Infinity) badRequest('invalid_id', `${shown(path)} is ${value}: a number too large for JSON (like 1e400)`);
    if (Array.isArray(value)) value.forEach((entry, i) => stack.push([entry, `${path}[${i}]`, depth + 1]));
    else if (typeof value === 'object' && value !== null) for (const [key, entry] of Object.entries(value)) stack.push([entry, `${path}.${key}`, depth + 1]);
  }
}

/** A path to show: its start and its end (a path 257 levels deep, or a long key, is kilobytes). */
function shown(path: string): string {
  return path.length > 100 ? `${path.slice(0, 50)}…${path.slice(-30)}` : path;
}
