import { HydrationBoundary } from '@tanstack/react-query';
import { isTaskId } from '@unstuck/task-hooks/core';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { prefetchTasks, requestTaskSource } from '../../../lib/server/session';
import { TaskView } from '../../components/TaskView';

export const dynamic = 'force-dynamic';

/** `/tasks/[id]`: one task, live, with its timeline. Someone else's id is simply not found (RLS). */
export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
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
