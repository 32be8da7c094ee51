// A page rendered on the server (Node, which has Intl.Segmenter) is hydrated in the reader's
// browser, which may not have it (Firefox before 125, Safari before 14.1). A clipped message must
// be cut at the same place in both: the server cut by grapheme, such a browser by code point, and
// React reported "the server rendered text didn't match the client" and rendered the card again.
import { act } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { TaskCard, TaskProgress } from '@unstuck/task-ui';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { badInput, states } from '../stories/fixtures';

const RealSegmenter = Intl.Segmenter;
afterEach(() => {
  Object.defineProperty(Intl, 'Segmenter', { value: RealSegmenter, configurable: true, writable: true });
  vi.restoreAllMocks();
});

/** Renders `ui` with Intl.Segmenter, then hydrates it without; returns React's recoverable errors. */
async function hydrateWithoutSegmenter(ui: React.ReactElement) {
  const container = document.createElement('div');
  container.innerHTML = renderToString(ui);
  Object.defineProperty(Intl, 'Segmenter', { value: undefined, configurable: true, writable: true });
  const onRecoverableError = vi.fn();
  vi.spyOn(console, 'error').mockImplementation(() => {});
  await act(async () => {
    hydrateRoot(container, ui, { onRecoverableError });
  });
  return onRecoverableError.mock.calls;
}

describe('hydrating clipped text where the browser has no Intl.Segmenter', () => {
  it('a progress message cut at a family emoji', async () => {
    const message = `${'x'.repeat(198)}\u{1F469}\u200D\u{1F469}\u200D\u{1F467} and more`;
    expect(await hydrateWithoutSegmenter(<TaskProgress status={states.processingWithoutProgress} message={message} />)).toEqual([]);
  });

  it('an error message cut inside a flag', async () => {
    const failed = badInput.errorWithoutMessage;
    const status = { ...failed, task: { ...failed.task, error_message: '\u{1F1E9}\u{1F1EA}'.repeat(300) } };
    expect(await hydrateWithoutSegmenter(<TaskCard status={status} />)).toEqual([]);
  });
});
