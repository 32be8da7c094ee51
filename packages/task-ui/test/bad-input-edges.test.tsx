// Edges of the input guards that the size budget made terser (typeof checks folded into
// Number.isFinite / Number.isInteger, one String() for the unknown status): same output as before.
import { render, screen } from '@testing-library/react';
import { defaultMessages, TaskCard, TaskProgress, TaskTimeline } from '@unstuck/task-ui';
import { describe, expect, it } from 'vitest';

describe('input guards', () => {
  it('a progress or elapsed time that is a numeric string is not taken for a number', () => {
    render(<TaskProgress value={'0.5' as unknown as number} elapsedMs={'60000' as unknown as number} />);
    const bar = screen.getByRole('progressbar');
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.getAttribute('aria-valuetext')).toBe('In progress');
  });

  it('a heading level that is not a whole number falls back; whole numbers are clamped to h2..h6', () => {
    const cases: Array<[unknown, string]> = [['5', 'H4'], [2.5, 'H4'], [Number.NaN, 'H4'], [null, 'H4'], [1, 'H2'], [9, 'H6'], [5, 'H5']];
    for (const [level, tag] of cases) {
      const { unmount } = render(<TaskTimeline events={[]} headingLevel={level as number} />);
      expect(screen.getByRole('heading').tagName).toBe(tag);
      unmount();
    }
  });

  it('titles a type in words, and a missing or empty one as "Task"', () => {
    expect(['image_generation', 'a-b', '', '__', null].map((type) => defaultMessages.title(type))).toEqual(['Image generation', 'A b', 'Task', 'Task', 'Task']);
  });

  it('titles a task whose type is not a string (a number, an object) instead of crashing the page', () => {
    expect([42, { kind: 'x' }].map((type) => defaultMessages.title(type as never))).toEqual(['42', '[object Object]']);
    render(<TaskCard status={{ status: 'pending', task: { id: 'a', status: 'pending', type: 7 as never } }} />);
    expect(screen.getByRole('heading', { name: '7' })).toBeTruthy();
  });

  it('quotes an unknown status whatever its type, clipped to 40 characters', () => {
    const { unmount } = render(<TaskCard status={{ status: 'x'.repeat(50) } as never} />);
    expect(screen.getByRole('article').textContent).toContain(`(“${'x'.repeat(39)}…”)`);
    unmount();
    render(<TaskCard status={{ status: 'weird', task: { status: { odd: true } } } as never} />);
    expect(screen.getByRole('article').textContent).toContain('(“[object Object]”)');
  });
});
