import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { prefetchTasks, readForPage } from '../../lib/server/session';
import { HISTORY_LIMIT } from '../../lib/history';
import { HistoryList } from '../components/HistoryList';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'History' };

/** `/history`: every task of this browser's demo user, newest first, each row live. */
export default async function HistoryPage() {
  // Null in Supabase mode (only the browser knows the user) or with the database down: HistoryList lists them itself.
  const loaded = await readForPage(async (source) => {
    const ids = (await source.listTasks({ limit: HISTORY_LIMIT })).map((task) => task.id);
    return { ids, state: await prefetchTasks(source, ids) };
  });
  return (
    <>
      <h1>Your tasks</h1>
      <p className="lead">
        Everything this browser started, newest first. Rows update live; a task that goes quiet is flagged here too, and
        the reaper&apos;s verdict shows once it acts.
      </p>
      <HydrationBoundary state={loaded?.state}>
        <HistoryList ids={loaded?.ids ?? null} />
      </HydrationBoundary>
    </>
  );
}
