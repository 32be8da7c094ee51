import { HydrationBoundary } from '@tanstack/react-query';
import { isTaskId } from '@unstuck/task-hooks/core';
import { notFound } from 'next/navigation';
import { prefetchTasks, requestTaskSource } from '../../../lib/server/session';
import { TaskView } from '../../components/TaskView';

export const dynamic = 'force-dynamic';

/** `/tasks/[id]`: one task, live, with its timeline. Someone else's id is simply not found (RLS). */
export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // A 404 like an unknown id's; not-found.tsx explains what a task id looks like.
  if (!isTaskId(id)) notFound();
  const source = await requestTaskSource();
  if (source && (await source.fetchTasks([id])).length === 0) notFound();
  const state = await prefetchTasks(source, [id]);
  return (
    <HydrationBoundary state={state}>
      <TaskView id={id} />
    </HydrationBoundary>
  );
}
