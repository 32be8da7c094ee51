// A Cancel or Retry whose request fails: the card shows "The last request failed: …", and the
// person who pressed the button must hear it too (WCAG 4.1.3, status messages): otherwise the
// button only turns from "Cancelling…" back to "Cancel" without a word.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { TaskAnnouncer, TaskCard } from '@unstuck/task-ui';
import { ConnectedTaskCard } from '@unstuck/task-ui/connected';
import { describe, expect, it, vi } from 'vitest';
import { states } from '../stories/fixtures';

const region = () => screen.getByRole('status');

describe('a failed action', () => {
  it('is announced once its request fails (TaskProvider + memory source)', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    source.worker.claim(task.id);
    // Refused after a moment, as over a network: the button says "Cancelling…" meanwhile.
    source.cancel = vi.fn<typeof source.cancel>(() => new Promise((_, reject) => setTimeout(() => reject(new Error('The server is busy')), 50)));
    const user = userEvent.setup();
    render(
      <TaskProvider source={source} pollInterval={60_000}>
        <ConnectedTaskCard taskId={task.id} />
      </TaskProvider>,
    );
    const card = screen.getByRole('article');
    await waitFor(() => expect(card.dataset.state).toBe('processing'));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(card.textContent).toContain('The last request failed: The server is busy'));
    // Said when the request has ended, which may be a render after the error first shows: after
    // what the card went through meanwhile (cancelling, at once rolled back to running), and once.
    const lines = () => [...region().children].map((line) => line.textContent);
    await waitFor(() => expect(lines().at(-1)).toBe('The last request failed: The server is busy'));
    expect(lines().filter((line) => line === 'The last request failed: The server is busy')).toHaveLength(1);
    // Focus stayed in the card (on its heading, where it went when "cancelling" took the button).
    expect(card.contains(document.activeElement)).toBe(true);
  });

  it('the same for a status fed by hand: an action pending, then an error', () => {
    const error = { code: 'server', message: 'The server is busy' };
    const { rerender } = render(<TaskCard status={{ ...states.failedByWorker, isRetryPending: true, canRetry: false }} />);
    rerender(<TaskCard status={{ ...states.failedByWorker, error }} />);
    expect(region().textContent).toBe('The last request failed: The server is busy');
  });

  it('a read that fails while nobody acted is shown, not announced: a list of 200 cards would say it 200 times', () => {
    const error = { code: 'network', message: 'Failed to fetch' };
    const list = (failed: boolean) => (
      <TaskAnnouncer>
        <TaskCard title="Render" status={{ ...states.processingWithProgress, error: failed ? error : null }} />
        <TaskCard title="Upload" status={{ ...states.processingWithProgress, error: failed ? error : null }} />
      </TaskAnnouncer>
    );
    const { rerender } = render(list(false));
    rerender(list(true));
    expect(screen.getAllByText('The last request failed: Failed to fetch')).toHaveLength(2);
    expect(region().textContent).toBe('');
  });
});
