import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskTimeline, type TaskEventLike } from '@unstuck/task-ui';
import { expectNoAxeViolations } from './axe';

const events: TaskEventLike[] = [
  { id: 1, actor: 'user', kind: 'submitted', reason: null, at: '2025-03-04T09:00:00.000Z' },
  { id: 2, actor: 'worker', kind: 'claimed', reason: null, at: '2025-03-04T09:00:05.000Z' },
  { id: 3, actor: 'reaper', kind: 'failed', reason: 'heartbeat_timeout', at: '2025-03-04T09:26:00.000Z' },
  { id: 4, actor: 'alien', kind: 'teleported', reason: null, at: 'not a date' },
];

describe('TaskTimeline', () => {
  it('lists events in order with time, kind, actor and reason', async () => {
    const { container } = render(<TaskTimeline events={events} />);
    const items = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(items).toHaveLength(4);
    // Safari (VoiceOver) drops the list role of a list styled `list-style: none` unless it is
    // explicit; the stylesheet styles it so.
    expect(screen.getByRole('list').getAttribute('role')).toBe('list');
    expect(items[0]!.textContent).toContain('Submitted');
    expect(items[0]!.textContent).toContain('by you');
    // Read as one phrase with its actor ("Picked up by a worker by the worker" once).
    const phrase = (item: HTMLElement) =>
      [...item.querySelectorAll('.unstuck-timeline-kind, .unstuck-timeline-actor')].map((span) => span.textContent).join(' ');
    expect(phrase(items[1]!)).toBe('Picked up by the worker');
    expect(items[2]!.textContent).toContain('by the server');
    expect(items[2]!.textContent).toContain('heartbeat_timeout');
    expect(items[0]!.querySelector('time')?.getAttribute('dateTime')).toBe('2025-03-04T09:00:00.000Z');
    // Unknown kinds and actors show as they come; a bad timestamp says so.
    expect(items[3]!.textContent).toContain('teleported');
    expect(items[3]!.textContent).toContain('alien');
    expect(items[3]!.textContent).toContain('unknown time');
    await expectNoAxeViolations(container);
  });

  it('says when there is nothing yet, and survives a non-array', () => {
    const { rerender } = render(<TaskTimeline events={[]} />);
    expect(screen.getByText('No events yet.')).toBeTruthy();
    rerender(<TaskTimeline events={null} />);
    expect(screen.getByText('No events yet.')).toBeTruthy();
  });
});
