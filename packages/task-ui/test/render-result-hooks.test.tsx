// `renderResult` is a render function, and one that keeps state (a "Show more" toggle) calls a
// hook. It must run in a component of its own that mounts when the task completes: called in the
// card's own render, its hook appeared and vanished with the state, and React threw "Rendered more
// hooks than during the previous render" when the task completed (fewer, when it ran again).
import { render, screen } from '@testing-library/react';
import { TaskCard } from '@unstuck/task-ui';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { badInput, states } from '../stories/fixtures';

function WithToggle(result: unknown) {
  const [open] = useState(false);
  return <span>{open ? 'open' : `Output ${JSON.stringify(result)}`}</span>;
}

describe('a renderResult that calls a hook', () => {
  // React logs the error it throws; the thrown error is what the tests assert.
  afterEach(() => vi.restoreAllMocks());
  const quiet = () => vi.spyOn(console, 'error').mockImplementation(() => {});

  it('shows its result when the running task completes', () => {
    quiet();
    const { rerender } = render(<TaskCard status={states.processingWithoutProgress} renderResult={WithToggle} />);
    rerender(<TaskCard status={states.completed} renderResult={WithToggle} />);
    expect(screen.getByText(/^Output /)).toBeTruthy();
  });

  it('shows the bar again when the card is switched from a completed task to a running one', () => {
    quiet();
    const { rerender } = render(<TaskCard status={states.completed} renderResult={WithToggle} />);
    rerender(<TaskCard status={states.processingWithoutProgress} renderResult={WithToggle} />);
    expect(screen.getByRole('progressbar')).toBeTruthy();
  });

  it('shows the failure when the card is switched from a completed task to a failed one', () => {
    quiet();
    const { rerender } = render(<TaskCard status={states.completed} renderResult={WithToggle} />);
    rerender(<TaskCard status={badInput.errorWithoutMessage} renderResult={WithToggle} />);
    expect(screen.getByRole('article').querySelector('.unstuck-error')).not.toBeNull();
  });
});
