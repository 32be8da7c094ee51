import { render, screen, waitFor } from '@testing-library/react';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { ConnectedTaskTimeline } from '@unstuck/task-ui/connected';
import { describe, expect, it, vi } from 'vitest';

// The visible notice; the live region (a div) says the same words to screen readers.
const NOTICE = { selector: 'p' };

describe('ConnectedTaskTimeline when the trail cannot be read', () => {
  it('does not stay aria-busy forever after fetchEvents failed', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    const fetchEvents = vi.fn(async () => { throw new Error('permission denied for task_events'); });
    source.fetchEvents = fetchEvents;
    render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskTimeline taskId={task.id} />
      </TaskProvider>,
    );
    const timeline = screen.getByRole('region', { name: 'Task history' });
    await waitFor(() => expect(fetchEvents).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 200)); // the failure has settled
    expect(timeline.getAttribute('aria-busy')).toBeNull();
  });

  it('offers Try again after a failed read, but not for a task that is not there (reading again cannot help)', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    source.failNext(1, 'network');
    const { unmount } = render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskTimeline taskId={task.id} />
      </TaskProvider>,
    );
    await screen.findByRole('button', { name: 'Try again' });
    unmount();
    render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskTimeline taskId="00000000-0000-4000-8000-000000000000" />
      </TaskProvider>,
    );
    await screen.findByText('The history could not be loaded.', NOTICE);
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});
