import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { TaskCard } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

// A card fed by the app's own data layer: onRetry returns a promise, and nothing reports
// isRetryPending. A double click must not start two retries (two new tasks).
describe('an action fed by plain props', () => {
  it('sends one request for a double click while its promise is out', async () => {
    let settle: () => void = () => undefined;
    const onRetry = vi.fn(() => new Promise<void>((resolve) => { settle = resolve; }));
    const user = userEvent.setup();
    render(<TaskCard status={states.failedByWorker} onRetry={onRetry} />);
    await user.dblClick(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Retrying…' }).getAttribute('aria-disabled')).toBe('true');
    settle();
    await screen.findByRole('button', { name: 'Retry' });
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(2);
  });
});
