// A timeline entry from a server (or a hand-built list) whose text fields are not strings must
// degrade, not take the page down with it.
import { render, screen } from '@testing-library/react';
import { TaskTimeline, type TaskEventLike } from '@unstuck/task-ui';
import { describe, expect, it } from 'vitest';

const at = '2025-03-04T09:00:00.000Z';

describe('timeline fields that are not strings', () => {
  it('an object or a number as actor or reason is shown as its text instead of crashing the render', () => {
    const events = [
      { id: 1, kind: 'failed', at, actor: { name: 'ops-bot' }, reason: { code: 'oom', limit: 512 } },
      { id: 2, kind: 'claimed', at, actor: 42, reason: 7 },
    ] as unknown as TaskEventLike[];
    render(<TaskTimeline events={events} />);
    const items = screen.getAllByRole('listitem');
    expect(items[0]!.querySelector('.unstuck-timeline-actor')!.textContent).toBe('{"name":"ops-bot"}');
    expect(items[0]!.querySelector('.unstuck-timeline-reason')!.textContent).toBe('{"code":"oom","limit":512}');
    expect(items[1]!.querySelector('.unstuck-timeline-actor')!.textContent).toBe('42');
    expect(items[1]!.querySelector('.unstuck-timeline-reason')!.textContent).toBe('7');
  });
});
