// A task the user cancelled whose worker never answered: the reaper finishes it as `cancelled`
// with `cancel_timeout`. That is the outcome the user asked for, so the card tells it as one
// story (their cancellation, carried out by the server) and raises no alarm: no red "The server
// stopped this task" box next to "You cancelled this task."
import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StuckTaskWarning, TaskAnnouncer, TaskCard, TaskMessagesProvider } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

const carriedOut = 'The worker did not respond, so the server carried out the cancellation.';

describe('a cancellation the server carried out (cancel_timeout)', () => {
  it('says the user cancelled it and why the server finished it, with no alarm', () => {
    const { container } = render(<TaskCard status={states.cancelledByReaper} />);
    const card = screen.getByRole('article');
    expect(states.cancelledByReaper.task.cancel_requested_at).not.toBeNull();
    expect(card.dataset.state).toBe('cancelled');
    expect(within(card).getByText('Cancelled', { selector: '.unstuck-badge' })).toBeTruthy();
    expect(screen.getByText('You cancelled this task.')).toBeTruthy();
    expect(screen.getByText(carriedOut)).toBeTruthy();
    // Nothing says the server stopped the task on its own, nor styles it as a failure.
    expect(card.textContent).not.toMatch(/server stopped|never acknowledged|failed/i);
    expect(screen.queryByRole('region')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(container.querySelector('.unstuck-warning, .unstuck-error, [data-kind="error"]')).toBeNull();
    expect(card.dataset.health).toBe('ok');
    // Running it again is offered once, as for any cancelled task.
    expect(screen.getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
  });

  it('keeps the explanation to this case: a cancellation the worker acknowledged has none', () => {
    render(<TaskCard status={states.cancelled} />);
    expect(screen.getByText('You cancelled this task.')).toBeTruthy();
    expect(screen.queryByText(carriedOut)).toBeNull();
  });

  it('takes its words from messages, as every other string (provider, then the prop)', () => {
    render(
      <TaskMessagesProvider messages={{ cancelledByUser: 'Du hast abgebrochen.', verdicts: { cancel_timeout: 'Vom Server erledigt.' } }}>
        <TaskCard status={states.cancelledByReaper} />
        <TaskCard status={states.cancelledByReaper} messages={{ verdicts: { cancel_timeout: 'Per Prop.' } }} />
      </TaskMessagesProvider>,
    );
    expect(screen.getAllByText('Du hast abgebrochen.')).toHaveLength(2);
    expect(screen.getByText('Vom Server erledigt.')).toBeTruthy();
    expect(screen.getByText('Per Prop.')).toBeTruthy();
  });

  // On its own, the warning tells it as a neutral note: test/cancel-timeout-warning.test.tsx.

  it("announces the end once when the card's stuck cancellation is finished by the server", () => {
    const { rerender } = render(<TaskCard status={states.cancelNotAcknowledged} />);
    const region = screen.getByRole('status');
    act(() => screen.getByRole('button', { name: 'Retry' }).focus());
    rerender(<TaskCard status={states.cancelledByReaper} />);
    expect(Array.from(region.children, (line) => line.textContent)).toEqual(['Image generation: Cancelled']);
    // The warning's Retry went with the warning: focus is kept in the card, not dropped.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Image generation' }));
  });

  it('lets a standalone warning in a TaskAnnouncer say the end once when it turns into the note', () => {
    const warning = (status: typeof states.cancelledByReaper) => (
      <TaskAnnouncer><StuckTaskWarning status={status} /></TaskAnnouncer>
    );
    const { rerender } = render(warning(states.cancelNotAcknowledged));
    const region = screen.getByRole('status');
    act(() => screen.getByRole('button', { name: 'Retry' }).focus());
    rerender(warning(states.cancelledByReaper));
    expect(Array.from(region.children, (line) => line.textContent)).toEqual(['Image generation: Cancelled']);
  });
});
