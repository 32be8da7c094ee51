import { render, screen, waitFor } from '@testing-library/react';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { ConnectedTaskTimeline } from '@unstuck/task-ui/connected';
import { describe, expect, it, vi } from 'vitest';

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
});
