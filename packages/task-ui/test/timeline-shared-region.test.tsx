// Several timelines (and cards) speaking through one region: a timeline may only take back the
// sentence it said itself, never empty the region for another component.
import { render, screen } from '@testing-library/react';
import { TaskAnnouncer, TaskCard, TaskTimeline, type TaskStatusLike, type TaskTimelineProps } from '@unstuck/task-ui';
import { describe, expect, it } from 'vitest';
import { states } from '../stories/fixtures';

const SAID = 'The history could not be loaded.';
const failure = { code: 'network', message: 'down' };

describe('timelines sharing a region', () => {
  it("a timeline mounted without `error` leaves another timeline's failure in the TaskAnnouncer's region", () => {
    const { rerender } = render(
      <TaskAnnouncer>
        <TaskTimeline events={undefined} />
      </TaskAnnouncer>,
    );
    rerender(
      <TaskAnnouncer>
        <TaskTimeline events={undefined} error={failure} />
      </TaskAnnouncer>,
    );
    expect(screen.getByRole('status').textContent).toBe(SAID);
    // Timeline B appears with `error` left out: it has nothing to say and nothing to take back.
    rerender(
      <TaskAnnouncer>
        <TaskTimeline events={undefined} error={failure} />
        <TaskTimeline events={[]} />
      </TaskAnnouncer>,
    );
    expect(screen.getByRole('status').textContent).toBe(SAID);
    // Nor on its next render.
    rerender(
      <TaskAnnouncer>
        <TaskTimeline events={undefined} error={failure} />
        <TaskTimeline events={[]} className="again" />
      </TaskAnnouncer>,
    );
    expect(screen.getByRole('status').textContent).toBe(SAID);
  });

  it("the same inside a card, whose children share the card's region", () => {
    const { rerender } = render(
      <TaskCard status={states.completed}>
        <TaskTimeline events={undefined} />
      </TaskCard>,
    );
    rerender(
      <TaskCard status={states.completed}>
        <TaskTimeline events={undefined} error={failure} />
      </TaskCard>,
    );
    expect(screen.getByRole('status').textContent).toBe(SAID);
    rerender(
      <TaskCard status={states.completed}>
        <TaskTimeline events={undefined} error={failure} />
        <TaskTimeline events={undefined} />
      </TaskCard>,
    );
    expect(screen.getByRole('status').textContent).toBe(SAID);
  });

  it('a failed timeline that unmounts takes its sentence out of the shared region, and only its own', () => {
    // Same element positions throughout, so the card stays mounted and keeps speaking.
    const page = (card: TaskStatusLike, timeline?: TaskTimelineProps) => (
      <TaskAnnouncer>
        <TaskCard status={card} />
        {timeline && <TaskTimeline {...timeline} />}
      </TaskAnnouncer>
    );
    const { rerender } = render(page(states.processingWithoutProgress, { events: undefined }));
    rerender(page(states.processingWithoutProgress, { events: undefined, error: failure }));
    expect(screen.getByRole('status').textContent).toBe(SAID);
    // The failure is no longer on the page: a screen reader must not come across it later.
    rerender(page(states.processingWithoutProgress));
    expect(screen.getByRole('status').textContent).toBe('');
    // A timeline that never failed takes nothing back when it goes: the card's newer sentence stays.
    rerender(page(states.processingWithoutProgress, { events: [] }));
    rerender(page(states.failedByWorker, { events: [] }));
    const cardSaid = screen.getByRole('status').textContent;
    expect(cardSaid).toMatch(/Failed/);
    rerender(page(states.failedByWorker));
    expect(screen.getByRole('status').textContent).toBe(cardSaid);
  });
});
