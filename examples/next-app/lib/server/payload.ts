import { TaskError } from '@unstuck/task-hooks/core';

/**
 * Refuses, as `invalid_id`, a payload that JSON text cannot carry as it is: a number that is not
 * finite (the body's `1e400` is `Infinity` once parsed, and JSON.stringify writes it as `null`,
 * so the task used to be stored with another input than the one sent), or a value that is not
 * JSON at all (a server-side caller's `undefined`, bigint, function). Nesting is not checked here:
 * the contract's handler (`@unstuck/task-hooks/server`) refuses a body nested deeper than 256
 * levels before this source is called. Walks with its own stack all the same, as a deep payload
 * from a server-side caller must not overflow the check.
 */
export function assertJsonPayload(payload: unknown): void {
  const stack: Array<[value: unknown, path: string]> = [[payload, 'payload']];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path] = item;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) refuse(`${shown(path)} is ${value}: JSON has no such number (a literal like 1e400 overflows to Infinity)`);
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach((entry, i) => stack.push([entry, `${path}[${i}]`]));
      continue;
    }
    if (typeof value !== 'object') refuse(`${shown(path)} is a ${typeof value}, not a JSON value`);
    for (const [key, entry] of Object.entries(value)) stack.push([entry, `${path}.${key}`]);
  }
}

function refuse(message: string): never {
  throw new TaskError('invalid_id', message);
}

/** A path to show: its start and its end (a path deep in the payload, or a long key, is kilobytes). */
function shown(path: string): string {
  return path.length > 100 ? `${path.slice(0, 50)}…${path.slice(-30)}` : path;
}
