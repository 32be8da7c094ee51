import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskCard, TaskProgress } from '@unstuck/task-ui';
import { row, states } from '../stories/fixtures';
import { expectNoAxeViolations } from './axe';

const root = (container: HTMLElement) => container.querySelector<HTMLElement>('.unstuck-progress')!;

describe('a pending task (no worker has picked it up yet)', () => {
  it('shows a still, empty bar that says it waits for a worker, not the animated "In progress"', async () => {
    const { container } = render(<TaskCard status={states.pending} />);
    expect(root(container).dataset.state).toBe('waiting');
    expect(container.querySelector('[data-state="indeterminate"]')).toBeNull();
    const bar = screen.getByRole('progressbar', { name: 'Image generation Progress' });
    // No work done yet, and the words say why.
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    expect(bar.getAttribute('aria-valuetext')).toBe('Waiting for a worker, Submitted 20 seconds ago');
    expect(bar.getAttribute('aria-valuetext')).not.toContain('In progress');
    expect(screen.getByText('Waiting for a worker')).toBeTruthy();
    expect(root(container).style.getPropertyValue('--unstuck-progress')).toBe('0');
    await expectNoAxeViolations(container);
  });

  it('ignores progress a pending row should not have', () => {
    const { container } = render(<TaskProgress status={{ ...states.pending, task: row({ progress: 0.5 }) }} />);
    expect(root(container).dataset.state).toBe('waiting');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
  });

  it('keeps waiting while stuck in the queue, and while its cancellation waits', () => {
    const { container, rerender } = render(<TaskCard status={states.stuckPending} />);
    expect(root(container).dataset.state).toBe('waiting');
    rerender(<TaskCard status={{ ...states.pending, task: row({ cancel_requested_at: '2025-03-04T09:00:10.000Z' }), isCancelling: true }} />);
    expect(screen.getByRole('article').dataset.state).toBe('cancelling');
    expect(root(container).dataset.state).toBe('waiting');
  });

  it('takes its words from messages', () => {
    render(<TaskProgress status={states.pending} messages={{ waitingForWorker: 'Wartet auf einen Worker' }} />);
    expect(screen.getByText('Wartet auf einen Worker')).toBeTruthy();
  });

  it('a running task without progress still shows the moving, indeterminate bar', () => {
    const { container } = render(<TaskCard status={states.processingWithoutProgress} />);
    expect(root(container).dataset.state).toBe('indeterminate');
  });
});
