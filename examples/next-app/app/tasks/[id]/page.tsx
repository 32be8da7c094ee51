import { HydrationBoundary } from '@tanstack/react-query';
import { isTaskId } from '@unstuck/task-hooks/core';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { prefetchTasks, readForPage } from '../../../lib/server/session';
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
  // A 404 like an unknown id's: no task lives at this address. not-found.tsx says what an id looks like.
  if (!isTaskId(id)) notFound();
  // With the database down (null), the browser finds the task, or that it is not there.
  const state = await readForPage(async (source) => {
    if ((await source.fetchTasks([id])).length === 0) notFound();
    return prefetchTasks(source, [id]);
  });
  return (
    <HydrationBoundary state={state}>
      <TaskView id={id} />
    </HydrationBoundary>
  );
}
