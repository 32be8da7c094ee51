import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { prefetchTasks, requestTaskSource } from '../../lib/server/session';
import { HISTORY_LIMIT } from '../../lib/history';
import { HistoryList } from '../components/HistoryList';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'History' };

/** `/history`: every task of this browser's demo user, newest first, each row live. */
export default async function HistoryPage() {
  const source = await requestTaskSource();
  // null in Supabase mode: only the browser knows the user there, so HistoryList lists them itself
  const ids = source ? (await source.listTasks({ limit: HISTORY_LIMIT })).map((task) => task.id) : null;
  const state = await prefetchTasks(source, ids ?? []);
  return (
    <>
      <h1>Your tasks</h1>
      <p className="lead">
        Everything this browser started, newest first. Rows update live; a task that goes quiet is flagged here too, and
        the reaper&apos;s verdict shows once it acts.
      </p>
      <HydrationBoundary state={state}>
        <HistoryList ids={ids} />
      </HydrationBoundary>
    </>
  );
}
