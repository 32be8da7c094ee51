import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskAnnouncer, TaskCard, type TaskStatusLike } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';
import { apart } from './apart';

function List({ a, b }: { a: TaskStatusLike; b: TaskStatusLike }) {
  return (
    <TaskAnnouncer>
      <TaskCard status={a} />
      <TaskCard status={b} />
    </TaskAnnouncer>
  );
}

describe('shared announcer', () => {
  it('announces a second card of the same type reaching the same state', async () => {
    const { rerender } = render(<List a={states.processingWithProgress} b={states.processingWithProgress} />);
    const region = screen.getByRole('status');
    const changes: string[] = [];
    new MutationObserver(() => changes.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
    // A while apart (the observer reports in between): the second sentence replaces the first.
    rerender(<List a={states.completed} b={states.processingWithProgress} />);
    await apart();
    rerender(<List a={states.completed} b={states.completed} />);
    await apart();
    // Two cards completed: a screen reader must hear it twice, so the region must change twice.
    expect(changes.length).toBe(2);
    expect(changes.every((text) => text.trim() === 'Image generation: Completed')).toBe(true);
  });
});
