import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskCard, TaskStatusBadge, type TaskStatusLike } from '@unstuck/task-ui';
import { badInput } from '../stories/fixtures';
import { expectNoAxeViolations } from './axe';

const card = () => screen.getByRole('article');

describe('bad input renders something sensible', () => {
  it('unknown status: says so, quoting the status, with no actions', async () => {
    const { container } = render(<TaskCard status={badInput.unknownStatus} />);
    expect(card().dataset.state).toBe('unknown');
    expect(card().textContent).toContain('a status this page does not know (“paused_by_admin”)');
    expect(screen.queryByRole('button')).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('missing or garbage timestamps: no elapsed time, no NaN', () => {
    for (const status of [badInput.missingTimestamps, badInput.garbageTimestamps]) {
      const { unmount } = render(<TaskCard status={status} />);
      expect(card().textContent).not.toMatch(/NaN|Invalid|undefined|null/);
      expect(screen.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('In progress');
      unmount();
    }
  });

  it('absurd progress (NaN, -1, 7): indeterminate bar, no percent shown', () => {
    for (const status of [badInput.progressNaN, badInput.progressNegative, badInput.progressSeven]) {
      const { unmount } = render(<TaskCard status={status} />);
      expect(screen.getByRole('progressbar').hasAttribute('aria-valuenow')).toBe(false);
      expect(card().textContent).not.toMatch(/%/);
      unmount();
    }
  });

  it('a failure without message or code: a plain fallback sentence', async () => {
    const { container } = render(<TaskCard status={badInput.errorWithoutMessage} />);
    expect(card().textContent).toContain('No reason was given.');
    expect(card().textContent).not.toContain('Code:');
    await expectNoAxeViolations(container);
  });

  it('a fetch error without message still reads as a sentence', () => {
    render(<TaskCard status={badInput.fetchErrorWithoutMessage} />);
    expect(card().textContent).toContain('The last request failed: No reason was given.');
  });

  it('very long messages and results are clipped', () => {
    for (const status of [badInput.veryLongMessages, badInput.veryLongResult, badInput.veryLongProgressMessage]) {
      const { unmount } = render(<TaskCard status={status} />);
      expect(card().textContent!.length).toBeLessThan(1_500);
      expect(card().textContent).toContain('…');
      unmount();
    }
  });

  it('unknown health values count as healthy', () => {
    render(<TaskCard status={badInput.unknownHealth} />);
    expect(card().dataset.health).toBe('ok');
    expect(screen.queryByRole('region')).toBeNull();
  });

  it('a status object that is not one at all', () => {
    render(<TaskCard status={{ status: 42 } as unknown as TaskStatusLike} />);
    expect(card().dataset.state).toBe('unknown');
    expect(card().textContent).toContain('(“42”)');
  });

  it('a badge with an invented state falls back to the status object', () => {
    render(<TaskStatusBadge state={'exploded' as never} status={badInput.unknownStatus} />);
    expect(screen.getByText('Unknown')).toBeTruthy();
  });

  it('results of every JSON type, and ones JSON cannot hold', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const cases: Array<[unknown, string | null]> = [['done', 'done'], [42, '42'], [[1, 2], '[1,2]'], [circular, '[object Object]'], [null, null], ['', null]];
    for (const [result, text] of cases) {
      const status = { ...badInput.veryLongResult, task: { ...badInput.veryLongResult.task, result } };
      const { unmount } = render(<TaskCard status={status} />);
      if (text === null) expect(screen.queryByText('Result')).toBeNull();
      else expect(screen.getByText(text)).toBeTruthy();
      unmount();
    }
  });
});
