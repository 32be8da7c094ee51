import { HydrationBoundary } from '@tanstack/react-query';
import { isTaskId } from '@unstuck/task-hooks/core';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { prefetchTasks, requestTaskSource } from '../../../lib/server/session';
import { TaskView } from '../../components/TaskView';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

/** "Task 1a2b3c4d": the id's first block, as the timeline shortens ids; a retry changes it, so the announcer says so. */
export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: isTaskId(id) ? `Task ${id.slice(0, 8)}` : 'Not a task id' };
}

/** `/tasks/[id]`: one task, live, with its timeline. Someone else's id is simply not found (RLS). */
export default async function TaskPage({ params }: Params) {
  const { id } = await params;
  // Answered 200, not notFound(): a 404 page here is rendered in the browser only (its server HTML
  // is Next's empty error shell, as the unknown-id page's is), and this explanation should be in the HTML.
  if (!isTaskId(id)) {
    return (
      <section className="notice" data-testid="malformed-id">
        <h1>That is not a task id</h1>
        <p>
          Task ids are UUIDs, like <span className="mono">1f0c3a52-7d1e-4c8b-9a4f-2b6e8d0c9e11</span>; this address has{' '}
          <span className="mono">{decodeURIComponent(id).slice(0, 80)}</span>. Check the link, or find the task in your{' '}
          <Link href="/history">history</Link>.
        </p>
      </section>
    );
  }
  const source = await requestTaskSource();
  if (source && (await source.fetchTasks([id])).length === 0) notFound();
  const state = await prefetchTasks(source, [id]);
  return (
    <HydrationBoundary state={state}>
      <TaskView id={id} />
    </HydrationBoundary>
  );
}
