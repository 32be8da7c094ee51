import { HydrationBoundary } from '@tanstack/react-query';
import { prefetchTasks, requestTaskSource } from '../../lib/server/session';
import { HistoryList } from '../components/HistoryList';

export const dynamic = 'force-dynamic';

/** `/history`: every task of this browser's demo user, newest first, each row live. */
export default async function HistoryPage() {
  const source = await requestTaskSource();
  const ids = ((await source?.listTasks({ limit: 50 })) ?? []).map((task) => task.id);
  const state = await prefetchTasks(source, ids);
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
