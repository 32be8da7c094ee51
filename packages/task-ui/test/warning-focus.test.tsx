import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { StuckTaskWarning, TaskAnnouncer, TaskCard, type TaskStatusLike } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

// What the hook reports once a stuck task's cancel went through: the row has cancel_requested_at,
// the worker is still silent, so the warning stays (stuck) without its Cancel button.
const cancelRequested: TaskStatusLike = {
  ...states.stuckProcessing,
  task: { ...states.stuckProcessing.task, cancel_requested_at: states.stuckProcessing.task.started_at },
  isCancelling: true,
  canCancel: false,
};
// A task the reaper failed, already retried: the verdict stays, Retry is gone.
const retried: TaskStatusLike = { ...states.failedByReaper, canRetry: false };

/** A parent that swaps the status when an action resolves, as the hooks do. */
function Standalone({ initial, after, card }: { initial: TaskStatusLike; after: TaskStatusLike; card?: boolean }) {
  const [status, setStatus] = useState(initial);
  const act = async () => setStatus(after);
  const shown = { ...status, cancel: act, retry: act };
  return card ? <TaskCard status={shown} /> : <StuckTaskWarning status={shown} />;
}

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

describe('StuckTaskWarning on its own: focus after Cancel / Retry', () => {
  it('moves focus to the warning heading when Cancel goes away, and says what happened', async () => {
    const user = userEvent.setup();
    render(<Standalone initial={states.stuckProcessing} after={cancelRequested} />);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'This task seems stuck' }));
    expect(screen.getByRole('status').textContent).toBe('Image generation: Cancelling · stuck');
  });

  it('moves focus to the verdict heading when Retry goes away (keyboard)', async () => {
    const user = userEvent.setup();
    render(<Standalone initial={states.failedByReaper} after={retried} />);
    await user.keyboard('{Tab}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Retry' }));
    await user.keyboard('{Enter}');
    await settle();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'The server stopped this task' }));
    expect(screen.getByRole('status').textContent).toBe('Image generation: Failed');
  });

  it('speaks through a TaskAnnouncer when inside one (one region)', async () => {
    const user = userEvent.setup();
    render(<TaskAnnouncer><Standalone initial={states.stuckProcessing} after={cancelRequested} /></TaskAnnouncer>);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(screen.getAllByRole('status')).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('Image generation: Cancelling · stuck');
  });

  it('says the change through a TaskAnnouncer when the warning goes away altogether', async () => {
    const user = userEvent.setup();
    render(<TaskAnnouncer><Standalone initial={states.stuckProcessing} after={states.cancelling} /></TaskAnnouncer>);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(screen.queryByRole('region')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Image generation: Cancelling');
  });

  it('inside a card leaves it to the card: its heading, one region, said once', async () => {
    const user = userEvent.setup();
    render(<Standalone card initial={states.stuckProcessing} after={cancelRequested} />);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Image generation' }));
    expect(screen.getAllByRole('status')).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('Image generation: Cancelling · stuck');
  });
});
