import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskProgress } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';
import { expectNoAxeViolations } from './axe';

describe('TaskProgress', () => {
  it('exposes a determinate value and a text alternative', async () => {
    const { container } = render(<TaskProgress status={states.processingWithProgress} />);
    const bar = screen.getByRole('progressbar', { name: 'Progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('45');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(bar.getAttribute('aria-valuetext')).toBe('45%, Rendering frame 45 of 100, Started 1 minute ago');
    expect(container.firstElementChild?.getAttribute('data-state')).toBe('determinate');
    await expectNoAxeViolations(container);
  });

  it('is indeterminate without progress, and still says how long it has run', async () => {
    const { container } = render(<TaskProgress status={states.processingWithoutProgress} />);
    const bar = screen.getByRole('progressbar');
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.getAttribute('aria-valuetext')).toBe('In progress, Started 1 minute ago');
    expect(container.firstElementChild?.getAttribute('data-state')).toBe('indeterminate');
    await expectNoAxeViolations(container);
  });

  it('measures a running task from its server start time, a pending one from its creation', () => {
    // Created at 0, started at 5 s, 95 s elapsed since creation: started 90 s ago.
    render(<TaskProgress status={states.processingWithoutProgress} elapsedMs={3_605_000} />);
    expect(screen.getByText('Started 1 hour ago')).toBeTruthy();
  });

  it('words elapsed time with Intl in the given locale', () => {
    render(<TaskProgress value={0.5} elapsedMs={3 * 60_000} messages={{ locale: 'de', submittedAgo: (ago) => `Gestartet ${ago}` }} />);
    expect(screen.getByText('Gestartet vor 3 Minuten')).toBeTruthy();
    expect(screen.getByText('50 %')).toBeTruthy();
  });

  it('lets individual props override the status object', () => {
    render(<TaskProgress status={states.processingWithProgress} value={0.9} message="Almost there" elapsedMs={null} />);
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('90');
    expect(bar.getAttribute('aria-valuetext')).toBe('90%, Almost there');
  });

  for (const value of [Number.NaN, -1, 7, Infinity]) {
    it(`treats absurd progress ${value} as unknown, not as a number`, () => {
      render(<TaskProgress value={value} />);
      const bar = screen.getByRole('progressbar');
      expect(bar.hasAttribute('aria-valuenow')).toBe(false);
      expect(bar.getAttribute('aria-valuetext')).toBe('In progress');
    });
  }

  it('accepts the edges 0 and 1', () => {
    const { rerender } = render(<TaskProgress value={0} />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
    rerender(<TaskProgress value={1} />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
  });
});
