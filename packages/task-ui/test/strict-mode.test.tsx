// React's StrictMode (on in the Next example) mounts every component, unmounts it and mounts it
// again, running effects and their cleanups twice; <Activity> does the same when it hides and
// shows a tree. What the components say must not depend on that.
import { render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { TaskAnnouncer, TaskCard, TaskTimeline } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

const SAID = 'The history could not be loaded.';
const failure = { code: 'network', message: 'Failed to fetch' };

describe('under StrictMode', () => {
  it('a timeline that mounts with a failed read says so, as it does without StrictMode', () => {
    render(<StrictMode><TaskTimeline events={undefined} error={failure} /></StrictMode>);
    expect(screen.getByRole('status').textContent).toBe(SAID);
  });

  it("the same through a TaskAnnouncer's region, and the sentence still leaves once the trail loads", () => {
    const page = (error: typeof failure | null) => (
      <StrictMode>
        <TaskAnnouncer>
          <TaskTimeline events={error ? undefined : []} error={error} />
        </TaskAnnouncer>
      </StrictMode>
    );
    const { rerender } = render(page(failure));
    expect(screen.getByRole('status').textContent).toBe(SAID);
    rerender(page(null));
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('a card stays quiet on mount and announces a change once', () => {
    const { rerender } = render(<StrictMode><TaskCard status={states.processingWithProgress} /></StrictMode>);
    expect(screen.getByRole('status').textContent).toBe('');
    rerender(<StrictMode><TaskCard status={states.completed} /></StrictMode>);
    expect(screen.getByRole('status').textContent).toBe('Image generation: Completed');
  });
});
