import type { TaskSource } from '@unstuck/task-hooks/core';
import { cookies } from 'next/headers';
import { backend } from '../backend';
import { USER_COOKIE, parseUserId } from '../identity';
import { taskSourceFor } from './runtime';

export { prefetchTasks } from './prefetch';

/**
 * The task source of the user behind this request (the proxy's cookie), for server components;
 * null in Supabase mode, where only the browser knows the user.
 */
export async function requestTaskSource(): Promise<TaskSource | null> {
  if (backend() === 'supabase') return null;
  const userId = parseUserId((await cookies()).get(USER_COOKIE)?.value);
  if (!userId) return null;
  return taskSourceFor(userId);
}
