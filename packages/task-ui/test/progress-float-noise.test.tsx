// Progress that lands a hair above 1 from floating-point arithmetic (1 + Number.EPSILON,
// 1.0000000000000002, where 1 was meant) must not flip the bar to indeterminate at the very end.
import { render, screen } from '@testing-library/react';
import { TaskProgress } from '@unstuck/task-ui';
import { describe, expect, it } from 'vitest';
import { states } from '../stories/fixtures';

describe('progress a hair above 1', () => {
  it('is full, not indeterminate', () => {
    render(<TaskProgress status={{ ...states.completed, task: { ...states.completed.task!, progress: 1 + Number.EPSILON } }} />);
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
    expect(bar.closest('.unstuck-progress')!.getAttribute('data-state')).toBe('determinate');
  });

  it('of a running task stays at 99%', () => {
    render(<TaskProgress status={{ ...states.processingWithProgress, task: { ...states.processingWithProgress.task!, progress: 1.0000000000000002 } }} />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('99');
  });

  it('while a real overshoot (1.01) is still not guessed at', () => {
    render(<TaskProgress value={1.01} />);
    expect(screen.getByRole('progressbar').hasAttribute('aria-valuenow')).toBe(false);
  });
});
