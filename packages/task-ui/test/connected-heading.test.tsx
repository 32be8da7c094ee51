import { render, screen, waitFor } from '@testing-library/react';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { ConnectedTaskCard } from '@unstuck/task-ui/connected';
import { describe, expect, it } from 'vitest';

describe('ConnectedTaskCard heading levels', () => {
  it('puts the timeline heading one level below the card heading the card really renders', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    // headingLevel 1 is clamped to h2 by the card; the timeline must not become a second h2.
    render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskCard taskId={task.id} headingLevel={1} showTimeline />
      </TaskProvider>,
    );
    await waitFor(() => expect(screen.getByRole('article').dataset.state).toBe('pending'));
    expect(screen.getByRole('heading', { name: 'Export' }).tagName).toBe('H2');
    expect(screen.getByRole('heading', { name: 'Task history' }).tagName).toBe('H3');
  });
});

describe('ConnectedTaskCard timeline links', () => {
  it("passes taskHref to its timeline, so a retry's entry links the task it retried", async () => {
    const source = createMemorySource({ realtime: false });
    const { task: first } = await source.submit('export', { n: 1 });
    await source.cancel(first.id);
    const { task: retry } = await source.retry(first.id);
    render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskCard taskId={retry.id} showTimeline taskHref={(id) => `/tasks/${id}`} />
      </TaskProvider>,
    );
    const link = await screen.findByRole('link', { name: first.id });
    expect(link.getAttribute('href')).toBe(`/tasks/${first.id}`);
  });
});
