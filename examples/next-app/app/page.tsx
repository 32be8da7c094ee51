import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { DEMO_TASK_TYPES } from '../lib/demo-types';
import { prefetchTasks, readForPage } from '../lib/server/session';
import { Generator } from './components/Generator';

export const dynamic = 'force-dynamic';

// `absolute`: the layout's title template applies to child segments only, not to this page beside it.
export const metadata: Metadata = { title: { absolute: 'Generator · Unstuck demo' } };

/** `/`: pick what the simulated worker does, start a task, watch it live. */
export default async function GeneratorPage() {
  // Null in Supabase mode, or with the database down: the slots then look up their latest task in the browser.
  const loaded = await readForPage(async (source) => {
    const latest = await Promise.all(DEMO_TASK_TYPES.map(async ({ type }) => [type, (await source.listTasks({ type, limit: 1 }))[0]?.id ?? null] as const));
    return { initial: Object.fromEntries(latest), state: await prefetchTasks(source, latest.flatMap(([, id]) => (id ? [id] : []))) };
  });
  return (
    <>
      <h1>Background tasks that never leave you hanging</h1>
      <p className="lead">
        Each button starts a background task: a row in a PostgreSQL table that a simulated worker picks up. Choose how that
        worker behaves, then watch the card. Status, progress and the &ldquo;looks stuck&rdquo; warning all come from
        database timestamps. Timeouts here are seconds, not the minutes a real app would use.
      </p>
      <HydrationBoundary state={loaded?.state}>
        <Generator initial={loaded?.initial ?? null} />
      </HydrationBoundary>
    </>
  );
}
