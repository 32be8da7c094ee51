import { TaskError } from '@unstuck/task-hooks/core';

/** Deeper payloads are refused: far beyond any task's input, well within JSON.stringify's stack. */
export const MAX_PAYLOAD_DEPTH = 256;

/**
 * Refuses, as `invalid_id`, a payload that JSON text cannot carry as it is: a number that is not
 * finite (the body's `1e400` is `Infinity` once parsed, and JSON.stringify writes it as `null`,
 * so the task used to be stored with another input than the one sent), a value that is not JSON
 * at all (a server-side caller's `undefined`, bigint, function), or nesting deeper than
 * MAX_PAYLOAD_DEPTH (JSON.stringify ran out of stack at a few thousand levels: a 500). Walks with
 * its own stack, so that the check itself cannot overflow.
 */
export function assertJsonPayload(payload: unknown): void {
  const stack: Array<[value: unknown, path: string, depth: number]> = [[payload, 'payload', 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path, depth] = item;
    if (depth > MAX_PAYLOAD_DEPTH) refuse(`${shown(path)} nests deeper than ${MAX_PAYLOAD_DEPTH} levels`);
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) refuse(`${shown(path)} is ${value}: JSON has no such number (a literal like 1e400 overflows to Infinity)`);
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach((entry, i) => stack.push([entry, `${path}[${i}]`, depth + 1]));
      continue;
    }
    if (typeof value !== 'object') refuse(`${shown(path)} is a ${typeof value}, not a JSON value`);
    for (const [key, entry] of Object.entries(value)) stack.push([entry, `${path}.${key}`, depth + 1]);
  }
}

function refuse(message: string): never {
  throw new TaskError('invalid_id', message);
}

/** A path to show: its start and its end (a path 257 levels deep, or a long key, is kilobytes). */
function shown(path: string): string {
  return path.length > 100 ? `${path.slice(0, 50)}…${path.slice(-30)}` : path;
}
