// "Said together" is a moment (100 ms from the first sentence of a group), not a chain: when a
// list keeps changing a little more often than that (a queue draining, one task finishing every
// 60 ms), each sentence used to join the last, and the region grew by one node per sentence for
// as long as the stream lasted, never replaced.
import { act, render, screen } from '@testing-library/react';
import { TaskAnnouncer, TaskCard, type TaskStatusLike } from '@unstuck/task-ui';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { states } from '../stories/fixtures';

afterEach(() => {
  vi.useRealTimers();
});

const list = (done: number) => (
  <TaskAnnouncer>
    {Array.from({ length: 10 }, (_, i) => (
      <TaskCard key={i} title={`Task ${i}`} status={(i < done ? states.completed : states.processingWithProgress) as TaskStatusLike} />
    ))}
  </TaskAnnouncer>
);

describe('a steady stream of sentences', () => {
  it('does not pile up in the region', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { rerender } = render(list(0));
    for (let done = 1; done <= 10; done += 1) {
      vi.setSystemTime(Date.now() + 60);
      act(() => rerender(list(done)));
    }
    const lines = [...screen.getByRole('status').children].map((line) => line.textContent);
    // The last group only: Task 8 began one (120 ms after Task 6 began the one before), Task 9
    // came 60 ms after it.
    expect(lines).toEqual(['Task 8: Completed', 'Task 9: Completed']);
  });
});
