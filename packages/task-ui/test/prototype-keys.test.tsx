import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskStatusBadge, TaskTimeline, type DisplayState } from '@unstuck/task-ui';

// Kinds and actors come from the server as free text; a word that happens to be an Object
// prototype member must be shown as it comes, not looked up as the inherited function.
describe('free-text keys that name Object prototype members', () => {
  it('shows an event kind and actor such as "constructor" as text', () => {
    render(<TaskTimeline events={[{ id: 1, kind: 'constructor', actor: 'toString', at: null }]} />);
    const item = screen.getByRole('listitem');
    expect(item.textContent).toContain('constructor');
    expect(item.textContent).toContain('toString');
  });

  it('treats a badge state such as "valueOf" as unknown', () => {
    render(<TaskStatusBadge state={'valueOf' as DisplayState} />);
    expect(document.querySelector('.unstuck-badge')?.textContent).toBe('Unknown');
  });
});
