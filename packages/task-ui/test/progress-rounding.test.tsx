import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskCard, TaskProgress } from '@unstuck/task-ui';
import { row, states } from '../stories/fixtures';

const running = (progress: number) => ({ ...states.processingWithProgress, task: { ...states.processingWithProgress.task, progress, progress_message: null } });

/** The value, the text alternative and the visible text of the one progress bar on the page. */
function shown() {
  const bar = screen.getByRole('progressbar');
  return {
    now: bar.getAttribute('aria-valuenow'),
    text: bar.getAttribute('aria-valuetext'),
    visible: document.querySelector('.unstuck-progress-text')?.textContent ?? null,
  };
}

describe('TaskProgress percent of a running task', () => {
  it('never says 100% while the task runs (0.996 is 99%, not 100%)', () => {
    render(<TaskCard status={running(0.996)} />);
    expect(shown()).toEqual({ now: '99', text: '99%, Started 1 minute ago', visible: '99%' });
  });

  it('caps a worker that reports 1 before it has finished at 99%', () => {
    render(<TaskProgress status={running(1)} />);
    expect(shown()).toMatchObject({ now: '99', visible: '99%' });
  });

  it('rounds down, so the bar never claims work not yet done (0.456 is 45%)', () => {
    render(<TaskProgress status={running(0.456)} />);
    expect(shown()).toMatchObject({ now: '45', visible: '45%' });
  });

  for (const [fraction, percent] of [[0.29, '29'], [0.57, '57'], [0.07, '7']] as const) {
    it(`keeps ${fraction} at ${percent}%, with no floating-point slip (0.29 * 100 is 28.999…)`, () => {
      render(<TaskProgress status={running(fraction)} />);
      expect(shown()).toMatchObject({ now: percent, visible: `${percent}%` });
    });
  }

  it('shows 100% for a completed task, and for a bare value of 1', () => {
    const { rerender } = render(<TaskProgress status={states.completed} />);
    expect(shown()).toMatchObject({ now: '100', visible: '100%' });
    rerender(<TaskProgress value={1} />);
    expect(shown()).toMatchObject({ now: '100', visible: '100%' });
    rerender(<TaskProgress value={0.996} />);
    expect(shown()).toMatchObject({ now: '99', visible: '99%' });
  });

  it('draws the fill at the value it states', () => {
    const { container } = render(<TaskProgress status={running(0.996)} />);
    expect((container.firstElementChild as HTMLElement).style.getPropertyValue('--unstuck-progress')).toBe('0.99');
  });

  it('a cancelling task is still running', () => {
    render(<TaskProgress status={{ ...states.cancelling, task: row({ ...states.cancelling.task, progress: 0.999 }) }} />);
    expect(shown()).toMatchObject({ now: '99', visible: '99%' });
  });
});
