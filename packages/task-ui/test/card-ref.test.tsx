import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TaskCard } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

describe('TaskCard ref', () => {
  it('does not detach and re-attach a stable callback ref on every status update', () => {
    const ref = vi.fn();
    const { rerender } = render(<TaskCard ref={ref} status={states.processingWithoutProgress} />);
    rerender(<TaskCard ref={ref} status={states.processingWithProgress} />);
    rerender(<TaskCard ref={ref} status={{ ...states.processingWithProgress, elapsedMs: 99_000 }} />);
    // Once with the article; a null in between would tell an observer the card went away.
    expect(ref.mock.calls.map(([node]) => (node as HTMLElement | null)?.tagName ?? null)).toEqual(['ARTICLE']);
  });
});
