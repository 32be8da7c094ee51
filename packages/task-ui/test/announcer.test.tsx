import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskAnnouncer, TaskCard } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';
import { apart } from './apart';

const region = () => screen.getByRole('status');

describe('status announcements', () => {
  it('stays quiet on first render and after the first load', () => {
    const { rerender } = render(<TaskCard status={states.loading} />);
    expect(region().textContent).toBe('');
    rerender(<TaskCard status={states.processingWithProgress} />);
    expect(region().textContent).toBe('');
  });

  it('announces state changes but not progress ticks', async () => {
    const { rerender } = render(<TaskCard status={states.processingWithoutProgress} />);
    rerender(<TaskCard status={states.processingWithProgress} />);
    rerender(<TaskCard status={{ ...states.processingWithProgress, elapsedMs: 99_000 }} />);
    expect(region().textContent).toBe('');
    rerender(<TaskCard status={states.stuckProcessing} />);
    expect(region().textContent).toBe('Image generation: Running · stuck');
    await apart();
    rerender(<TaskCard status={states.completed} />);
    expect(region().textContent).toBe('Image generation: Completed');
    expect(region().getAttribute('aria-live')).toBe('polite');
  });

  it('skips a reload between two states (a card following its retry) instead of announcing it', async () => {
    const { rerender } = render(<TaskCard status={states.processingWithProgress} />);
    rerender(<TaskCard status={states.failedByReaper} />);
    rerender(<TaskCard status={states.loading} />);
    expect(region().textContent).toBe('Image generation: Failed');
    await apart();
    rerender(<TaskCard status={states.pending} />);
    expect(region().textContent).toBe('Image generation: Queued');
  });

  it("names the card as its heading does, when the title is markup rather than a string", () => {
    // In a list, the heading is what tells the cards apart: "Image generation: Completed" for
    // every card of a type would not say which one finished.
    const card = (status: typeof states.completed) => <TaskCard title={<>Render <code>#42</code></>} status={status} />;
    const { rerender } = render(card(states.processingWithProgress));
    rerender(card(states.completed));
    expect(screen.getByRole('heading').textContent).toBe('Render #42');
    expect(region().textContent).toBe('Render #42: Completed');
  });

  it('uses one region for a whole list inside TaskAnnouncer', () => {
    const ids = ['a', 'b', 'c'];
    const List = ({ done }: { done: string }) => (
      <TaskAnnouncer>
        {ids.map((id) => (
          <TaskCard key={id} title={`Task ${id}`} status={id === done ? states.completed : states.processingWithProgress} />
        ))}
      </TaskAnnouncer>
    );
    const { rerender } = render(<List done="none" />);
    expect(screen.getAllByRole('status')).toHaveLength(1);
    act(() => rerender(<List done="b" />));
    expect(region().textContent).toBe('Task b: Completed');
  });
});
