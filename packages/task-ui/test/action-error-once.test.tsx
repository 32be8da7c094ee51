// The "last request failed" sentence belongs to the moment a Cancel or Retry ends with a new
// error. While a request is still out, an error left from before (the other action's, a read's)
// is not news: said on every render (the hook renders the card each second for the elapsed
// time), it repeated for as long as the request ran, and in the card's own region each saying
// rendered the card again, which said it again: a render loop that hung the page.
import { render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { TaskAnnouncer, TaskCard, type TaskStatusLike } from '@unstuck/task-ui';
import { describe, expect, it } from 'vitest';
import { states } from '../stories/fixtures';

const region = () => screen.getByRole('status');
const lines = () => [...region().children].map((line) => line.textContent);
const earlier = { code: 'server', message: 'The server is busy' };
const stuck = (more: Partial<TaskStatusLike>) => ({ ...states.stuckProcessing, error: earlier, ...more });
const inList = (status: TaskStatusLike) => <TaskAnnouncer><TaskCard status={status} /></TaskAnnouncer>;

describe('a failed action is announced once, when its request ends', () => {
  it('not on each render while a request is out and an older error is shown', () => {
    const { rerender } = render(inList(stuck({})));
    for (const elapsedMs of [1_000, 2_000, 3_000]) rerender(inList(stuck({ isRetryPending: true, elapsedMs })));
    expect(lines()).toEqual([]);
  });

  it('a card with its own region does not render itself in a loop meanwhile', () => {
    let renders = 0;
    // Counts the card's renders; throws to end a loop instead of hanging the test run.
    const messages = { fetchError: (reason: string) => {
      if ((renders += 1) > 20) throw new Error('the card keeps rendering itself');
      return `The last request failed: ${reason}`;
    } };
    const { rerender } = render(<TaskCard status={stuck({})} messages={messages} />);
    rerender(<TaskCard status={stuck({ isRetryPending: true })} messages={messages} />);
    rerender(<TaskCard status={stuck({ isRetryPending: true, elapsedMs: 1_000 })} messages={messages} />);
    expect(renders).toBeLessThan(10);
    expect(lines()).toEqual([]);
  });

  it('not when the request ends without a new error (the older one is still shown)', () => {
    const { rerender } = render(inList(stuck({})));
    rerender(inList(stuck({ isRetryPending: true })));
    rerender(inList(stuck({})));
    expect(lines()).toEqual([]);
  });

  it('said when the request ends with a new error, even one worded as the last', () => {
    const { rerender } = render(inList(stuck({})));
    rerender(inList(stuck({ isRetryPending: true })));
    rerender(inList(stuck({ error: { ...earlier } })));
    expect(lines()).toEqual(['The last request failed: The server is busy']);
  });

  it('not said by a card that mounts while a request is out (StrictMode runs its effects twice)', () => {
    render(<StrictMode>{inList(stuck({ isRetryPending: true }))}</StrictMode>);
    expect(lines()).toEqual([]);
  });
});
