import { isTaskError, type TaskSource } from '@unstuck/task-hooks/core';
import { isTransientFailure } from '@unstuck/task-hooks/server';
import { cookies } from 'next/headers';
import { backend } from '../backend';
import { USER_COOKIE, parseUserId } from '../identity';
import { taskSourceFor } from './runtime';

export { prefetchTasks } from './prefetch';

/**
 * The task source of the user behind this request (the proxy's cookie), for server components;
 * null in Supabase mode, where only the browser knows the user.
 */
async function requestTaskSource(): Promise<TaskSource | null> {
  if (backend() === 'supabase') return null;
  const userId = parseUserId((await cookies()).get(USER_COOKIE)?.value);
  if (!userId) return null;
  return taskSourceFor(userId);
}

/**
 * A page's server-side read for its first paint, or null when there is none to make (Supabase
 * mode) or the database cannot answer now (a temporary failure, which the API answers 503: down,
 * or a timeout). The page then renders as in Supabase mode and leaves its tasks to the browser,
 * whose requests the API answers 503 with Retry-After until the database is back: the hooks' polls
 * and the pages' list reads (lib/client/listing.ts) retry them with capped backoff, without limit.
 * With the database down, every page was a 500 with nothing of the app on it.
 */
export async function readForPage<T>(read: (source: TaskSource) => Promise<T>): Promise<T | null> {
  try {
    const source = await requestTaskSource();
    return source ? await read(source) : null;
  } catch (error) {
    // notFound(), bugs and a database that will not answer until someone fixes it (no such database,
    // an outdated schema) go on as they were: a 500, which a health check must see.
    if (!isTaskError(error) || !isTransientFailure(error)) throw error;
    console.error('[unstuck] page rendered without its server read:', error.message);
    return null;
  }
}
