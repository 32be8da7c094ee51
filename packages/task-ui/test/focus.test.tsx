import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { TaskCard, type TaskStatusLike } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

/** A parent that swaps the status when an action completes, as the hooks do. */
function Harness({ initial, afterCancel, afterRetry }: { initial: TaskStatusLike; afterCancel: TaskStatusLike; afterRetry: TaskStatusLike }) {
  const [status, setStatus] = useState(initial);
  const cancel = async () => setStatus(afterCancel);
  const retry = async () => setStatus(afterRetry);
  return <TaskCard status={{ ...status, cancel, retry }} />;
}

describe('focus after actions', () => {
  it('moves to the card heading when Cancel completes and its button goes away', async () => {
    const user = userEvent.setup();
    render(<Harness initial={states.processingWithProgress} afterCancel={states.cancelled} afterRetry={states.pending} />);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('article').dataset.state).toBe('cancelled');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Image generation' }));
  });

  it('moves to the retried card heading, never to the body', async () => {
    const user = userEvent.setup();
    render(<Harness initial={states.failedByReaper} afterCancel={states.cancelled} afterRetry={states.pending} />);
    await user.keyboard('{Tab}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Retry' }));
    await user.keyboard('{Enter}');
    expect(screen.getByRole('article').dataset.state).toBe('pending');
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Image generation' }));
  });

  it('leaves focus alone when it is elsewhere on the page', async () => {
    const user = userEvent.setup();
    const { rerender } = render(
      <>
        <button type="button">Elsewhere</button>
        <TaskCard status={states.processingWithProgress} />
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'Elsewhere' }));
    rerender(
      <>
        <button type="button">Elsewhere</button>
        <TaskCard status={states.completed} />
      </>,
    );
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Elsewhere' }));
  });
});
