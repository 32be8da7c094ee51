import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskCard } from '@unstuck/task-ui';
import { states, type StateName } from '../stories/fixtures';
import { expectNoAxeViolations } from './axe';

// What each state must show: the data-state, the badge text and a phrase of the body.
const expected: Record<StateName, [string, string, RegExp]> = {
  loading: ['loading', 'Loading', /Loading task/],
  pending: ['pending', 'Queued', /Submitted 20 seconds ago/],
  processingWithProgress: ['processing', 'Running', /45% · Rendering frame 45 of 100/],
  processingWithoutProgress: ['processing', 'Running', /Started 1 minute ago/],
  slow: ['processing', 'Running · slow', /longer than usual/],
  stuckPending: ['pending', 'Queued · stuck', /No worker has picked it up/],
  stuckProcessing: ['processing', 'Running · stuck', /stopped reporting progress/],
  runningTooLong: ['processing', 'Running · stuck', /far longer than usual/],
  cancelling: ['cancelling', 'Cancelling', /Started 1 minute ago/],
  cancelNotAcknowledged: ['cancelling', 'Cancelling · stuck', /not acknowledged the cancellation/],
  cancelled: ['cancelled', 'Cancelled', /You cancelled this task/],
  cancelledByReaper: ['cancelled', 'Cancelled', /You cancelled this task\.The worker did not respond, so the server carried out the cancellation\./],
  failedByWorker: ['failed', 'Failed', /ran out of memory/],
  failedByReaper: ['failed', 'Failed', /stopped reporting progress, so it was marked failed/],
  completed: ['completed', 'Completed', /Took 3 minutes/],
  notFound: ['not_found', 'Not found', /does not exist, or you cannot see it/],
  offline: ['processing', 'Running', /No connection to the server/],
  error: ['error', 'Unavailable', /Could not load the task: Failed to fetch/],
};

describe('TaskCard in every state', () => {
  for (const [name, [state, badge, body]] of Object.entries(expected)) {
    it(`${name}: shows ${state} and has no axe violations`, async () => {
      const { container } = render(<TaskCard status={states[name as StateName]} supportHref="/support" />);
      const card = screen.getByRole('article');
      expect(card.dataset.state).toBe(state);
      expect(within(card).getByText(badge, { selector: '.unstuck-badge' })).toBeTruthy();
      expect(card.textContent).toMatch(body);
      expect(container.querySelectorAll('[role="status"]')).toHaveLength(1);
      await expectNoAxeViolations(container);
    });
  }

  it('offers Cancel on a healthy running task and Retry on a failed one, with accessible names', () => {
    const { rerender } = render(<TaskCard status={states.processingWithProgress} />);
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    rerender(<TaskCard status={states.failedByWorker} />);
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('shows one Cancel and one Retry when stuck (the warning owns the actions)', () => {
    render(<TaskCard status={states.stuckProcessing} supportHref="/support" />);
    expect(screen.getAllByRole('button', { name: 'Cancel' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
    expect(screen.getByRole('link', { name: 'Contact support' }).getAttribute('href')).toBe('/support');
  });

  it('marks the reaper verdict apart from a worker failure', () => {
    const { rerender } = render(<TaskCard status={states.failedByReaper} />);
    expect(screen.getByRole('region', { name: 'The server stopped this task' }).dataset.reason).toBe('heartbeat_timeout');
    expect(screen.queryByText('It failed')).toBeNull(); // the verdict explains it, once
    rerender(<TaskCard status={states.failedByWorker} />);
    expect(screen.queryByRole('region', { name: 'The server stopped this task' })).toBeNull();
    expect(screen.getByText('Code: worker_error')).toBeTruthy();
  });

  it('passes rest props, className and ref through', () => {
    let node: HTMLElement | null = null;
    render(<TaskCard status={states.pending} className="mine" data-testid="card" ref={(el) => { node = el; }} />);
    const card = screen.getByTestId('card');
    expect(card.className).toBe('unstuck-card mine');
    expect(node).toBe(card);
  });
});
