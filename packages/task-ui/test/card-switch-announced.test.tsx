// A card switched to another task (ConnectedTaskCard given another taskId, a TaskCard given
// another task's status, as a slot that shows the task just submitted in place of the last one)
// says that task's state once, as it says a change: the task it shows changed. It used to say it
// only when the state happened to differ from the previous task's: from a running task to
// another running one, nothing, so whether a screen-reader user heard anything depended on a
// task they had left. A card that first loads still says nothing, and a followed retry still
// says "Queued" (connected.test.tsx).
import { act, render, screen, waitFor } from '@testing-library/react';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { TaskAnnouncer, TaskCard } from '@unstuck/task-ui';
import { ConnectedTaskCard } from '@unstuck/task-ui/connected';
import { describe, expect, it } from 'vitest';
import { states, videoExportWithProgress } from '../stories/fixtures';

const region = () => screen.getByRole('status');

async function runningTask(source: ReturnType<typeof createMemorySource>, type: string) {
  const { task } = await source.submit(type, { n: 1 });
  return { id: task.id, attempt: source.worker.claim(task.id)!.attempt };
}

describe('a card switched to another task', () => {
  it('ConnectedTaskCard says the new task\'s state once, the same state as the last task\'s too', async () => {
    const source = createMemorySource({ realtime: false });
    const exporting = await runningTask(source, 'export');
    const importing = await runningTask(source, 'import');
    const tree = (taskId: string) => (
      <TaskProvider source={source} pollInterval={50}>
        <TaskAnnouncer><ConnectedTaskCard taskId={taskId} /></TaskAnnouncer>
      </TaskProvider>
    );
    const { rerender } = render(tree(exporting.id));
    const card = screen.getByRole('article');
    await waitFor(() => expect(card.dataset.state).toBe('processing'));
    expect(region().textContent).toBe('');

    act(() => rerender(tree(importing.id)));
    await waitFor(() => expect(region().textContent).toBe('Import: Running'));
    expect(screen.getByRole('heading', { name: 'Import' })).toBeTruthy();
    // Polls of the same task in the same state add nothing.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(region().textContent).toBe('Import: Running');

    source.worker.complete(importing.id, importing.attempt, { ok: true });
    await waitFor(() => expect(region().textContent).toBe('Import: Completed'));
  });

  it('a TaskCard given another running task\'s status says it', () => {
    const { rerender } = render(<TaskAnnouncer><TaskCard status={states.processingWithProgress} /></TaskAnnouncer>);
    act(() => rerender(<TaskAnnouncer><TaskCard status={videoExportWithProgress} /></TaskAnnouncer>));
    expect(region().textContent).toBe('Video export: Running');
  });

  it('says nothing for a new status object of the task it shows, in the same state', () => {
    const { rerender } = render(<TaskAnnouncer><TaskCard status={states.processingWithProgress} /></TaskAnnouncer>);
    const again = { ...states.processingWithProgress, task: { ...states.processingWithProgress.task, progress: 0.5 } };
    act(() => rerender(<TaskAnnouncer><TaskCard status={again} /></TaskAnnouncer>));
    expect(region().textContent).toBe('');
  });

  it('says nothing for the first task a card loads', () => {
    const { rerender } = render(<TaskAnnouncer><TaskCard status={states.loading} /></TaskAnnouncer>);
    act(() => rerender(<TaskAnnouncer><TaskCard status={states.processingWithProgress} /></TaskAnnouncer>));
    expect(region().textContent).toBe('');
  });
});
