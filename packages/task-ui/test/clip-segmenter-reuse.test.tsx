// Cards re-render on every progress and elapsed-time tick, and a long progress message is
// clipped on each render. Clipping built a new Intl.Segmenter (and segmented the whole kept text)
// every time: 200 running cards built 400 of them in two renders, doubling the render's time.
import { render } from '@testing-library/react';
import { TaskCard } from '@unstuck/task-ui';
import { afterEach, expect, it } from 'vitest';
import { states } from '../stories/fixtures';

const RealSegmenter = Intl.Segmenter;
afterEach(() => {
  Object.defineProperty(Intl, 'Segmenter', { value: RealSegmenter, configurable: true, writable: true });
});

const longMessage = (i: number) => `Item ${i}: ${'processing a long batch of records '.repeat(8)}`;
const cards = (elapsedMs: number) => (
  <>
    {Array.from({ length: 50 }, (_, i) => {
      const running = states.processingWithoutProgress;
      const status = { ...running, elapsedMs, task: { ...running.task!, id: `t${i}`, progress_message: longMessage(i) } };
      return <TaskCard key={i} status={status} />;
    })}
  </>
);

it('builds at most one Intl.Segmenter for all clipped cards across re-renders', () => {
  let built = 0;
  class CountingSegmenter extends RealSegmenter {
    constructor(...args: ConstructorParameters<typeof RealSegmenter>) {
      super(...args);
      built++;
    }
  }
  Object.defineProperty(Intl, 'Segmenter', { value: CountingSegmenter, configurable: true, writable: true });
  const { container, rerender } = render(cards(95_000));
  rerender(cards(96_000));
  // The messages were clipped: the count is of real work, not of a path never taken.
  expect(container.querySelector('[role="progressbar"]')!.getAttribute('aria-valuetext')).toContain('…');
  expect(built).toBeLessThanOrEqual(1);
});
