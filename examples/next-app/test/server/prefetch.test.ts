import { dehydrate, hydrate, QueryClient } from '@tanstack/react-query';
import { taskKeys, taskQueryOptions } from '@unstuck/task-hooks/query';
import type { TaskRow, TaskSource } from '@unstuck/task-hooks/core';
import { describe, expect, test } from 'vitest';
import { prefetchTasks } from '../../lib/server/prefetch';

const ID = '5e1f0000-0000-4000-8000-0000000000aa';
const MISSING = '5e1f0000-0000-4000-8000-0000000000bb';
const row = {
  id: ID, user_id: '0a11ce00-0000-4000-8000-000000000001', type: 'demo_image', status: 'processing',
  payload: {}, result: null, error_code: null, error_message: null, progress: 0.5, progress_message: 'half',
  attempt: 1, retry_of: null, created_at: '2026-12-04T20:00:00.000Z', updated_at: '2026-12-04T20:00:02.000Z',
  started_at: '2026-12-04T20:00:01.000Z', heartbeat_at: '2026-12-04T20:00:02.000Z', finished_at: null,
  cancel_requested_at: null,
} as unknown as TaskRow;

/** Only fetchTasks is called by the prefetch; the rest would be a bug, so they throw. */
const source = {
  kind: 'stub',
  fetchTasks: async (ids: readonly string[]) => [row].filter((r) => ids.includes(r.id)),
} as unknown as TaskSource;

describe('server prefetch', () => {
  test('the batched prefetch caches what taskQueryOptions (the hooks\' own options) would', async () => {
    const own = new QueryClient();
    await own.prefetchQuery(taskQueryOptions(ID, source));
    const state = await prefetchTasks(source, [ID]);
    expect(state.queries.map((q) => q.queryKey)).toEqual([taskQueryOptions(ID, source).queryKey]);
    expect(state.queries[0]!.state.data).toEqual(own.getQueryData(taskKeys.task(ID)));
  });

  test('hydrating the prefetched state fills exactly the keys the hooks read, null when not found', async () => {
    const state = await prefetchTasks(source, [ID, MISSING]);
    const browser = new QueryClient();
    hydrate(browser, state);
    expect(browser.getQueryData(taskKeys.task(ID))).toMatchObject({ id: ID, status: 'processing', progress: 0.5 });
    expect(browser.getQueryData(taskKeys.task(MISSING))).toBeNull();
    expect(dehydrate(browser).queries).toHaveLength(2);
  });

  test('an id in capitals (a pasted link) is cached as the task it names, as the database finds it', async () => {
    // PostgreSQL finds a uuid whatever its case and answers it in lower case, as the stub does here.
    const anyCase = { ...source, fetchTasks: async (ids: readonly string[]) => [row].filter((r) => ids.some((id) => id.toLowerCase() === r.id)) } as TaskSource;
    const browser = new QueryClient();
    hydrate(browser, await prefetchTasks(anyCase, [ID.toUpperCase()]));
    // Under the key the hooks read: they key a task by its id in lower case, as the database writes it.
    expect(browser.getQueryData(taskKeys.task(ID))).toMatchObject({ id: ID, status: 'processing' });
  });

  test('no source (Supabase mode) or no ids: an empty state, no request', async () => {
    expect((await prefetchTasks(null, [ID])).queries).toEqual([]);
    expect((await prefetchTasks(source, [])).queries).toEqual([]);
  });
});
