import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { StuckTaskWarning } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';
import { expectNoAxeViolations } from './axe';

describe('StuckTaskWarning', () => {
  it('renders nothing for a healthy task', () => {
    const { container } = render(<StuckTaskWarning status={states.processingWithProgress} />);
    expect(container.innerHTML).toBe('');
  });

  const reasons = [
    ['not_picked_up', /No worker has picked it up yet/],
    ['no_heartbeat', /stopped reporting progress/],
    ['running_too_long', /far longer than usual/],
    ['cancel_not_acknowledged', /not acknowledged the cancellation/],
  ] as const;
  for (const [reason, text] of reasons) {
    it(`explains ${reason}`, async () => {
      const { container } = render(<StuckTaskWarning health="stuck" reason={reason} onCancel={() => {}} onRetry={() => {}} />);
      expect(screen.getByRole('heading', { name: 'This task seems stuck' })).toBeTruthy();
      expect(container.textContent).toMatch(text);
      await expectNoAxeViolations(container);
    });
  }

  it('says "slow" apart from "stuck"', () => {
    render(<StuckTaskWarning status={states.slow} />);
    expect(screen.getByRole('heading', { name: 'This is taking longer than usual' })).toBeTruthy();
  });

  const verdicts = [
    ['pending_timeout', /No worker picked it up in time/],
    ['heartbeat_timeout', /stopped reporting progress, so it was marked failed/],
    ['max_runtime', /ran longer than allowed/],
  ] as const;
  // (The reaper's cancel_timeout carries out the user's cancel: test/cancel-timeout.test.tsx.)
  for (const [code, text] of verdicts) {
    it(`shows the server's verdict for ${code}, with Retry but no Cancel`, () => {
      const status = { ...states.failedByReaper, task: { ...states.failedByReaper.task, error_code: code } };
      const { container } = render(<StuckTaskWarning status={status} />);
      expect(screen.getByRole('heading', { name: 'The server stopped this task' })).toBeTruthy();
      expect(container.textContent).toMatch(text);
      expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
      expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    });
  }

  it('calls Cancel and Retry, and ignores presses while one is pending', async () => {
    const cancel = vi.fn(async () => undefined);
    const retry = vi.fn(async () => undefined);
    const user = userEvent.setup();
    const { rerender } = render(<StuckTaskWarning status={{ ...states.stuckProcessing, cancel, retry }} />);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(retry).toHaveBeenCalledTimes(1);
    rerender(<StuckTaskWarning status={{ ...states.stuckProcessing, cancel, retry, isCancelPending: true }} />);
    const pending = screen.getByRole('button', { name: 'Cancelling…' });
    expect(pending.getAttribute('aria-disabled')).toBe('true');
    await user.click(pending);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('swallows a rejected action (the hook reports it in `error`)', async () => {
    const retry = vi.fn(async () => { throw new Error('offline'); });
    render(<StuckTaskWarning status={{ ...states.stuckPending, retry }} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('links to support only when given a href', () => {
    const { rerender } = render(<StuckTaskWarning status={states.stuckPending} />);
    expect(screen.queryByRole('link')).toBeNull();
    rerender(<StuckTaskWarning status={states.stuckPending} supportHref="mailto:help@example.com" />);
    expect(screen.getByRole('link', { name: 'Contact support' }).getAttribute('href')).toBe('mailto:help@example.com');
  });
});
