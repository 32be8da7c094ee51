import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { TaskMessagesProvider, TaskTimeline } from '@unstuck/task-ui';
import { ConnectedTaskTimeline } from '@unstuck/task-ui/connected';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from './axe';

// The visible notice; the live region (a div) says the same words to screen readers.
const NOTICE = { selector: 'p' };

const failure = { code: 'network', message: 'permission denied for task_events' };

describe('TaskTimeline when the trail could not be loaded', () => {
  it('says so instead of "No events yet.", and offers Try again when it can reload', async () => {
    const onReload = vi.fn();
    const user = userEvent.setup();
    const { container, rerender } = render(<TaskTimeline events={undefined} error={failure} />);
    expect(screen.queryByText('No events yet.')).toBeNull();
    expect(screen.getByText('The history could not be loaded.', NOTICE)).toBeTruthy();
    // Nothing to press without a way to reload.
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<TaskTimeline events={undefined} error={failure} onReload={onReload} />);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onReload).toHaveBeenCalledTimes(1);
    await expectNoAxeViolations(container);
  });

  it('keeps the last events it had above the notice', () => {
    render(<TaskTimeline events={[{ id: 1, actor: 'user', kind: 'submitted', at: '2025-03-04T09:00:00.000Z' }]} error={failure} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByText('The history could not be loaded.', NOTICE)).toBeTruthy();
  });

  it('takes its words from messages, per component and from a provider', () => {
    render(
      <TaskMessagesProvider messages={{ timelineLoadError: 'Verlauf nicht verfügbar.' }}>
        <TaskTimeline events={undefined} error={failure} onReload={() => undefined} messages={{ timelineReload: 'Nochmal' }} />
      </TaskMessagesProvider>,
    );
    expect(screen.getByText('Verlauf nicht verfügbar.', NOTICE)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Nochmal' })).toBeTruthy();
  });
});

describe('ConnectedTaskTimeline after a failed read', () => {
  it('says the trail could not be loaded, and Try again reads it again', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    const real = source.fetchEvents.bind(source);
    const fetchEvents = vi.fn(real).mockRejectedValueOnce(new Error('permission denied for task_events'));
    source.fetchEvents = fetchEvents;
    const user = userEvent.setup();
    const { container } = render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskTimeline taskId={task.id} />
      </TaskProvider>,
    );
    await screen.findByText('The history could not be loaded.', NOTICE);
    expect(screen.queryByText('No events yet.')).toBeNull();
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    expect(screen.queryByText('The history could not be loaded.')).toBeNull();
    expect(fetchEvents).toHaveBeenCalledTimes(2);
    // The button went away with the error: focus lands on the timeline's heading, not the body.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Task history' }));
  });

  it('keeps the notice and its Try again (focused, pending) while Try again reads, and after a second failure', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    let fail: (error: Error) => void = () => undefined;
    const fetchEvents = vi.fn<typeof source.fetchEvents>()
      .mockRejectedValueOnce(new Error('network down'))
      .mockImplementationOnce(() => new Promise((_, reject) => { fail = reject; }));
    source.fetchEvents = fetchEvents;
    const user = userEvent.setup();
    render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskTimeline taskId={task.id} />
      </TaskProvider>,
    );
    await screen.findByText('The history could not be loaded.', NOTICE);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(fetchEvents).toHaveBeenCalledTimes(2));
    // While the second read runs: still the notice (never "No events yet."), and the button the
    // user pressed stays, focused and marked pending, instead of vanishing under their focus.
    expect(screen.queryByText('No events yet.')).toBeNull();
    expect(screen.getByText('The history could not be loaded.', NOTICE)).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Try again' });
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    fail(new Error('still down'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Try again' }).getAttribute('aria-disabled')).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Try again' }));
  });

  it('offers no Try again for a malformed id (reading again cannot help)', async () => {
    const source = createMemorySource({ realtime: false });
    render(
      <TaskProvider source={source}>
        <ConnectedTaskTimeline taskId="not-a-uuid" />
      </TaskProvider>,
    );
    await screen.findByText('The history could not be loaded.', NOTICE);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
