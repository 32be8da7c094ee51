import { TaskError } from '@unstuck/task-hooks/core';
import { MAX_BODY_DEPTH } from '@unstuck/task-hooks/server';

/**
 * Refuses, as `invalid_id`, a payload that JSON text cannot carry as it is: a number that is not
 * finite (the body's `1e400` is `Infinity` once parsed, and JSON.stringify writes it as `null`,
 * so the task used to be stored with another input than the one sent), a value that is not JSON
 * at all (a server-side caller's `undefined`, bigint, function), or a value nested deeper than
 * the contract's handler accepts in a body (MAX_BODY_DEPTH levels into `payload`). The handler
 * refuses that depth before this source is called, but a server-side caller (a server action, a
 * job) calls the source directly, and JSON.stringify below would run out of stack a few thousand
 * levels down: a 500 instead of the caller's mistake. Walks with its own stack for the same reason.
 */
export function assertJsonPayload(payload: unknown): void {
  const stack: Array<[value: unknown, path: string, depth: number]> = [[payload, 'payload', 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path, depth] = item;
    if (depth > MAX_BODY_DEPTH) refuse(`${shown(path)} nests deeper than ${MAX_BODY_DEPTH} levels`);
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

/** A path to show: its start and its end (a path deep in the payload, or a long key, is kilobytes). */
function shown(path: string): string {
  return path.length > 100 ? `${path.slice(0, 50)}…${path.slice(-30)}` : path;
}
