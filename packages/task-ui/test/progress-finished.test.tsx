// TaskProgress fed a task that has ended (`<TaskProgress status={useTaskStatus(id)} />` left on
// the page once the task is over). Nothing is in progress any more: the bar stands still at what
// was done, and no "Submitted … ago" is said from the hook's elapsedMs, which for an ended task
// is its fixed run time (finished_at - created_at) and so never grows older.
import { render, screen } from '@testing-library/react';
import { TaskProgress, type TaskStatusLike } from '@unstuck/task-ui';
import { describe, expect, it } from 'vitest';
import { row, states } from '../stories/fixtures';

const bar = () => screen.getByRole('progressbar');
const root = () => bar().parentElement!;

/** As useTaskStatus gives it: elapsedMs of an ended task is finished_at - created_at. */
const ended = (status: TaskStatusLike, elapsedMs: number): TaskStatusLike => ({ ...status, isTerminal: true, elapsedMs });

describe('TaskProgress of a task that has ended', () => {
  it('a task cancelled before any progress: a still, empty bar, not "In progress"', () => {
    const cancelledWhilePending = { ...states.cancelled, task: row({ status: 'cancelled', finished_at: '2025-03-04T09:00:30.000Z' }) };
    render(<TaskProgress status={ended(cancelledWhilePending, 30_000)} />);
    expect(root().dataset.state).toBe('determinate');
    expect(bar().getAttribute('aria-valuenow')).toBe('0');
    expect(bar().getAttribute('aria-valuetext')).toBe('0%');
    expect(root().textContent).toBe('0%');
  });

  it('a failed task keeps the progress it reached, with no elapsed time that stopped ageing', () => {
    render(<TaskProgress status={ended(states.failedByWorker, 70_000)} />);
    expect(bar().getAttribute('aria-valuetext')).toBe('20%');
    expect(root().textContent).not.toMatch(/Submitted|Started/);
  });

  it('a completed task without reported progress is full', () => {
    const completed = { ...states.completed, task: { ...states.completed.task, progress: null } };
    render(<TaskProgress status={ended(completed, 192_000)} />);
    expect(root().dataset.state).toBe('determinate');
    expect(bar().getAttribute('aria-valuenow')).toBe('100');
    expect(root().textContent).toBe('100%');
  });

  it.each([null, 0, 0.4, 0.999, Number.NaN])('a completed task whose last progress was %s is full', (progress) => {
    const completed = { ...states.completed, task: { ...states.completed.task, progress } };
    render(<TaskProgress status={ended(completed, 192_000)} />);
    expect(bar().getAttribute('aria-valuenow')).toBe('100');
    expect(bar().getAttribute('aria-valuetext')).toBe('100%');
  });

  it('a running task still says when it started, and an unknown value is still indeterminate', () => {
    render(<TaskProgress status={states.processingWithoutProgress} />);
    expect(root().dataset.state).toBe('indeterminate');
    expect(root().textContent).toBe('Started 1 minute ago');
  });
});
