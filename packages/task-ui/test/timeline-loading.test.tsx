import { act, render, screen, waitFor } from '@testing-library/react';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { TaskMessagesProvider, TaskTimeline } from '@unstuck/task-ui';
import { ConnectedTaskTimeline } from '@unstuck/task-ui/connected';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from './axe';

const submitted = { id: 1, actor: 'user', kind: 'submitted', at: '2025-03-04T09:00:00.000Z' };
const LOADING = 'Loading history…';
const EMPTY = 'No events yet.';

describe('TaskTimeline while the trail is being read (events undefined)', () => {
  it('says it is loading and is busy, never "No events yet.", and announces nothing', async () => {
    const { container, rerender } = render(<TaskTimeline events={undefined} />);
    const timeline = screen.getByRole('region', { name: 'Task history' });
    expect(screen.getByText(LOADING)).toBeTruthy();
    expect(screen.queryByText(EMPTY)).toBeNull();
    expect(timeline.getAttribute('aria-busy')).toBe('true');
    // Only the visible text says it: a live region saying "loading" at every page load is noise.
    expect(screen.getByRole('status').textContent).toBe('');
    await expectNoAxeViolations(container);

    // Loaded: as before, whether there are events or none.
    rerender(<TaskTimeline events={[submitted]} />);
    expect(screen.queryByText(LOADING)).toBeNull();
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(timeline.getAttribute('aria-busy')).toBeNull();
    rerender(<TaskTimeline events={[]} />);
    expect(screen.getByText(EMPTY)).toBeTruthy();
    expect(timeline.getAttribute('aria-busy')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('lets a failed read win: the error, not "Loading history…", and not busy', () => {
    render(<TaskTimeline events={undefined} error={{ code: 'network', message: 'down' }} />);
    expect(screen.queryByText(LOADING)).toBeNull();
    expect(screen.getByText('The history could not be loaded.', { selector: 'p' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Task history' }).getAttribute('aria-busy')).toBeNull();
  });

  it('takes its words from messages', () => {
    render(
      <TaskMessagesProvider messages={{ timelineLoading: 'Verlauf wird geladen…' }}>
        <TaskTimeline events={undefined} />
      </TaskMessagesProvider>,
    );
    expect(screen.getByText('Verlauf wird geladen…')).toBeTruthy();
  });
});

describe('ConnectedTaskTimeline', () => {
  it('says "Loading history…" until the first read settles, then lists the trail', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    const real = source.fetchEvents.bind(source);
    let release: () => void = () => undefined;
    source.fetchEvents = vi.fn<typeof source.fetchEvents>((id, signal) =>
      new Promise<void>((resolve) => { release = resolve; }).then(() => real(id, signal)));
    render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskTimeline taskId={task.id} />
      </TaskProvider>,
    );
    const timeline = screen.getByRole('region', { name: 'Task history' });
    await waitFor(() => expect(source.fetchEvents).toHaveBeenCalled());
    expect(screen.getByText(LOADING)).toBeTruthy();
    expect(screen.queryByText(EMPTY)).toBeNull();
    expect(timeline.getAttribute('aria-busy')).toBe('true');
    act(() => release());
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    expect(screen.queryByText(LOADING)).toBeNull();
    expect(timeline.getAttribute('aria-busy')).toBeNull();
  });
});
