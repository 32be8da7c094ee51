// Long texts are clipped in JS. A character outside the Basic Multilingual Plane (an emoji, many
// CJK extension ideographs) is two UTF-16 units: a cut between them leaves half a character,
// which the page shows as "�" just before the ellipsis.
import { render, screen } from '@testing-library/react';
import { TaskCard, TaskProgress } from '@unstuck/task-ui';
import { describe, expect, it } from 'vitest';
import { badInput, states } from '../stories/fixtures';

/** A high surrogate with no low one after it, or a low one with no high one before it. */
const LONE_HALF = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('clipping long text', () => {
  it('never cuts an emoji in half in an error message', () => {
    const failed = badInput.errorWithoutMessage;
    render(<TaskCard status={{ ...failed, task: { ...failed.task, error_message: '📦'.repeat(500) } }} />);
    const text = screen.getByRole('article').textContent!;
    expect(text).toContain('…');
    expect(text).not.toMatch(LONE_HALF);
  });

  it('counts characters, not UTF-16 units: 300 emoji under the 400-character limit are not clipped', () => {
    const failed = badInput.errorWithoutMessage;
    render(<TaskCard status={{ ...failed, task: { ...failed.task, error_message: '📦'.repeat(300) } }} />);
    expect(screen.getByText('📦'.repeat(300))).toBeTruthy();
  });

  it('still shows an error code that is not a string', () => {
    const failed = badInput.errorWithoutMessage;
    render(<TaskCard status={{ ...failed, task: { ...failed.task, error_code: 503 as never } }} />);
    expect(screen.getByText('Code: 503')).toBeTruthy();
  });

  it('never cuts an emoji in half in a progress message, whatever the offset', () => {
    for (const lead of ['', 'x']) {
      const { unmount } = render(<TaskProgress status={states.processingWithoutProgress} message={lead + '🚀'.repeat(150)} />);
      expect(screen.getByRole('progressbar').getAttribute('aria-valuetext')).not.toMatch(LONE_HALF);
      unmount();
    }
  });
});
