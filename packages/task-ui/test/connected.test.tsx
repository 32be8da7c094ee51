import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TaskProvider, type TaskEvent, type TaskStatusResult } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { TaskAnnouncer, type TaskEventLike, type TaskStatusLike } from '@unstuck/task-ui';
import { ConnectedTaskCard } from '@unstuck/task-ui/connected';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from './axe';

// The hook's result and event types must stay assignable to what the components accept.
const acceptsHookResult = (result: TaskStatusResult): TaskStatusLike => result;
const acceptsHookEvent = (event: TaskEvent): TaskEventLike => event;

async function failedTask() {
  const source = createMemorySource({ realtime: false });
  const { task } = await source.submit('export', { n: 1 });
  const claimed = source.worker.claim(task.id)!;
  source.worker.fail(task.id, claimed.attempt, 'worker_error', 'Disk full');
  return { source, id: task.id };
}

describe('ConnectedTaskCard (TaskProvider + memory source)', () => {
  it('shows the hook state, follows a retry to the new task and keeps focus in the card', async () => {
    expect([acceptsHookResult, acceptsHookEvent]).toHaveLength(2);
    const { source, id } = await failedTask();
    const onTaskChange = vi.fn();
    const user = userEvent.setup();
    const { container } = render(
      <TaskProvider source={source} pollInterval={100}>
        <TaskAnnouncer>
          <ConnectedTaskCard taskId={id} onTaskChange={onTaskChange} showTimeline />
        </TaskAnnouncer>
      </TaskProvider>,
    );
    const card = screen.getByRole('article');
    await waitFor(() => expect(card.dataset.state).toBe('failed'));
    expect(card.textContent).toContain('Disk full');
    await waitFor(() => expect(screen.getAllByRole('listitem').length).toBeGreaterThanOrEqual(3));
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(card.dataset.state).toBe('pending'));
    const newId = onTaskChange.mock.calls[0]?.[0] as string;
    expect(newId).not.toBe(id);
    expect(source.getTask(newId)?.retry_of).toBe(id);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Export' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Export: Queued'));

    // Cancel the new, still pending task: cancelled at once.
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(card.dataset.state).toBe('cancelled'));
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Export' }));
  });

  it('shows not found for an unknown id, and a typed error for a malformed one', async () => {
    const source = createMemorySource({ realtime: false });
    const { rerender } = render(
      <TaskProvider source={source}><ConnectedTaskCard taskId="6c1f3f5e-2a40-4c59-9a3e-0f1d2b7c9a10" /></TaskProvider>,
    );
    await waitFor(() => expect(screen.getByRole('article').dataset.state).toBe('not_found'));
    act(() => rerender(<TaskProvider source={source}><ConnectedTaskCard taskId="not-a-uuid" /></TaskProvider>));
    await waitFor(() => expect(screen.getByRole('article').textContent).toContain('Task id must be a UUID'));
  });
});
