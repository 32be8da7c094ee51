import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { TaskCard } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

describe('focus recovery after the user left the card', () => {
  it('does not pull focus back into the card once the user clicked away to the page', async () => {
    const cancel = vi.fn(async () => undefined);
    const user = userEvent.setup();
    const { rerender } = render(<TaskCard status={{ ...states.processingWithProgress, cancel }} />);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    // The user clicks plain page text: focus goes to the body (blur with no relatedTarget).
    await user.click(document.body);
    expect(document.activeElement).toBe(document.body);
    // Later the task finishes and the Cancel button goes away.
    rerender(<TaskCard status={{ ...states.completed, cancel }} />);
    expect(document.activeElement).toBe(document.body);
  });
});
