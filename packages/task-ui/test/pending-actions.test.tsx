import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { StuckTaskWarning, TaskCard } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

// useTaskStatus reports `canRetry: false` / `canCancel: false` while the request is out
// (task-hooks use-task-status.ts: `canRetry: !!row && !isRetryPending && …`). The button that
// started the request must stay, say "Retrying…", and keep focus, not vanish mid-request.
describe('actions while their request is out (hook-shaped status)', () => {
  it('keeps the card Retry button, aria-disabled, with focus, while retry is pending', async () => {
    const retry = vi.fn(async () => undefined);
    const user = userEvent.setup();
    const { rerender } = render(<TaskCard status={{ ...states.failedByWorker, retry, canRetry: true }} />);
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
    rerender(<TaskCard status={{ ...states.failedByWorker, retry, canRetry: false, isRetryPending: true }} />);
    const pending = screen.getByRole('button', { name: 'Retrying…' });
    expect(pending.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(pending);
  });

  it('keeps the card Cancel button while cancel is pending', async () => {
    const cancel = vi.fn(async () => undefined);
    const user = userEvent.setup();
    const { rerender } = render(<TaskCard status={{ ...states.processingWithProgress, cancel, canCancel: true }} />);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    rerender(<TaskCard status={{ ...states.processingWithProgress, cancel, canCancel: false, isCancelPending: true }} />);
    const pending = screen.getByRole('button', { name: 'Cancelling…' });
    expect(pending.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(pending);
  });

  it('keeps the warning Retry button while retry is pending', () => {
    const retry = vi.fn(async () => undefined);
    render(<StuckTaskWarning status={{ ...states.stuckPending, retry, canRetry: false, isRetryPending: true }} />);
    expect(screen.getByRole('button', { name: 'Retrying…' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('keeps the warning Cancel button while cancel is pending', () => {
    const cancel = vi.fn(async () => undefined);
    render(<StuckTaskWarning status={{ ...states.stuckProcessing, cancel, canCancel: false, isCancelPending: true }} />);
    expect(screen.getByRole('button', { name: 'Cancelling…' }).getAttribute('aria-disabled')).toBe('true');
  });
});
