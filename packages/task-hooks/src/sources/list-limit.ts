import { TaskError } from '../core/errors';

/**
 * The most rows one `listTasks` may ask for, in every built-in source and in the HTTP routes
 * (docs/CONTRACT.md): one definition, so that a list that works over Supabase works over HTTP too.
 */
export const MAX_LIST_LIMIT = 1_000;

/**
 * `limit` as the contract allows it (an integer from 1 to MAX_LIST_LIMIT), else `invalid_id`.
 * @example checkListLimit(options.limit ?? 50) // 50; checkListLimit(0) throws TaskError('invalid_id')
 */
export function checkListLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new TaskError('invalid_id', `limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${limit}`);
  }
  return limit;
}
