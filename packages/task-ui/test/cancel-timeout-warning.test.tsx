// A StuckTaskWarning used on its own (no TaskCard, no TaskAnnouncer) while the user's cancel is
// stuck (the worker never acknowledged it), when the reaper then carries the cancellation out
// (cancelled, cancel_timeout). Rendering nothing there dropped the keyboard focus of whoever was
// on the warning's Retry to <body>, said nothing, and took the "why" with it. It becomes a
// neutral note instead: the card's words, focus kept, the end said once.
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StuckTaskWarning, type TaskStatusLike } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

const carriedOut = 'The worker did not respond, so the server carried out the cancellation.';
const lines = () => screen.getAllByRole('status').map((region) => Array.from(region.children, (line) => line.textContent));

/** Focus the stuck warning's Retry, then show the task as the reaper ended it. */
function stuckThenCarriedOut(after: TaskStatusLike) {
  const { rerender, container } = render(<StuckTaskWarning status={states.cancelNotAcknowledged} />);
  act(() => screen.getByRole('button', { name: 'Retry' }).focus());
  rerender(<StuckTaskWarning status={after} />);
  return container.querySelector('section')!;
}

describe('a standalone StuckTaskWarning whose stuck cancel the server carried out', () => {
  it('keeps focus on its Retry, tells why in neutral words, and says the end once', () => {
    const warning = stuckThenCarriedOut(states.cancelledByReaper);
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Retry' }));
    expect(warning.contains(document.activeElement)).toBe(true);
    expect(screen.getByRole('heading', { name: 'You cancelled this task.' })).toBeTruthy();
    expect(screen.getByText(carriedOut)).toBeTruthy();
    expect(lines()).toEqual([['Image generation: Cancelled']]);
    // Not the red "server stopped this task" box, nor an alert: the outcome the user asked for.
    expect(warning.textContent).not.toMatch(/server stopped|seems stuck/i);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(warning.dataset).toMatchObject({ state: 'cancelled', health: 'ok' });
  });

  it('moves focus to its heading when no Retry is offered, and still says the end once', () => {
    const warning = stuckThenCarriedOut({ ...states.cancelledByReaper, canRetry: false });
    expect(screen.queryByRole('button')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'You cancelled this task.' }));
    expect(warning.contains(document.activeElement)).toBe(true);
    expect(screen.getByText(carriedOut)).toBeTruthy();
    expect(lines()).toEqual([['Image generation: Cancelled']]);
  });

  it('shown with a task that already ended so (a page load) tells it quietly', () => {
    render(<StuckTaskWarning status={states.cancelledByReaper} />);
    expect(screen.getByText(carriedOut)).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(lines()).toEqual([[]]);
  });

  // A caller that passes `health` itself keeps it as it was (here 'stuck'): the note must not
  // take that for a warning still showing, or every poll re-renders it and says the end again.
  it('says the end once when the caller passes `health`, however often it re-renders', () => {
    const { rerender } = render(<StuckTaskWarning status={states.cancelNotAcknowledged} health="stuck" />);
    act(() => screen.getByRole('button', { name: 'Retry' }).focus());
    rerender(<StuckTaskWarning status={states.cancelledByReaper} health="stuck" />);
    const [said] = screen.getByRole('status').children;
    for (let poll = 0; poll < 3; poll += 1) {
      rerender(<StuckTaskWarning status={{ ...states.cancelledByReaper }} health="stuck" />);
    }
    // One sentence (its wording follows the caller's `health`; only how often it is said is checked).
    const [region, ...others] = lines();
    expect(others).toEqual([]);
    expect(region).toHaveLength(1);
    expect(region?.[0]).toMatch(/^Image generation: Cancelled/);
    // The same node: a replaced one would be read out again.
    expect(screen.getByRole('status').firstElementChild).toBe(said);
  });

  it('with `health` passed, a page load on the ended task stays quiet across re-renders', () => {
    const { rerender } = render(<StuckTaskWarning status={states.cancelledByReaper} health="stuck" />);
    rerender(<StuckTaskWarning status={{ ...states.cancelledByReaper }} health="stuck" />);
    rerender(<StuckTaskWarning status={{ ...states.cancelledByReaper }} health="stuck" />);
    expect(lines()).toEqual([[]]);
  });

  // The props override what `status` says (the note is only the default for this row).
  it('renders nothing when the caller passes verdict={null}', () => {
    const { container } = render(<StuckTaskWarning status={states.cancelledByReaper} verdict={null} />);
    expect(container.innerHTML).toBe('');
  });

  it("shows the caller's verdict, not the note, when one is passed", () => {
    render(<StuckTaskWarning status={states.cancelledByReaper} verdict="max_runtime" />);
    expect(screen.getByRole('heading', { name: 'The server stopped this task' })).toBeTruthy();
    expect(screen.queryByText('You cancelled this task.')).toBeNull();
  });

  it('still renders nothing for a cancellation the worker acknowledged', () => {
    const { container } = render(<StuckTaskWarning status={states.cancelled} />);
    expect(container.innerHTML).toBe('');
  });
});
