// Several announcements at one moment: two tasks of a list that finish in the same poll, a card
// and its timeline. A screen reader reads a live region when the browser next shows the page, so
// a sentence replaced before then is never heard: the region must hold every one of them.
import { act, render, screen } from '@testing-library/react';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { TaskAnnouncer, TaskCard, TaskTimeline, type TaskStatusLike } from '@unstuck/task-ui';
import { ConnectedTaskCard } from '@unstuck/task-ui/connected';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { states } from '../stories/fixtures';

const region = () => screen.getByRole('status');
/** The sentences in the region, one per line (each its own node, so each is read on its own). */
const lines = () => [...region().children].map((line) => line.textContent);

function List({ a, b }: { a: TaskStatusLike; b: TaskStatusLike }) {
  return (
    <TaskAnnouncer>
      <TaskCard title="Render" status={a} />
      <TaskCard title="Upload" status={b} />
    </TaskAnnouncer>
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('announcements made together', () => {
  it('two cards of a list that change in one render are both heard', () => {
    const { rerender } = render(<List a={states.processingWithProgress} b={states.processingWithProgress} />);
    act(() => rerender(<List a={states.completed} b={states.failedByWorker} />));
    expect(lines()).toEqual(['Render: Completed', 'Upload: Failed']);
    // Only what is added is read: the first sentence is not read again with the second.
    expect(region().getAttribute('aria-atomic')).toBe('false');
  });

  it('a sentence said just after others joins them without touching their nodes (not read again)', () => {
    const { rerender } = render(<List a={states.processingWithProgress} b={states.processingWithProgress} />);
    act(() => rerender(<List a={states.completed} b={states.processingWithProgress} />));
    const first = region().firstElementChild;
    act(() => rerender(<List a={states.completed} b={states.completed} />));
    expect(lines()).toEqual(['Render: Completed', 'Upload: Completed']);
    expect(region().firstElementChild).toBe(first);
  });

  it('a sentence said later replaces them: the region does not grow', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { rerender } = render(<List a={states.processingWithProgress} b={states.processingWithProgress} />);
    act(() => rerender(<List a={states.completed} b={states.failedByWorker} />));
    vi.setSystemTime(Date.now() + 5_000);
    act(() => rerender(<List a={states.completed} b={states.pending} />));
    expect(lines()).toEqual(['Upload: Queued']);
  });

  it("a timeline's failure that ends leaves the card's sentence said with it", () => {
    const failure = { code: 'network', message: 'down' };
    const page = (card: TaskStatusLike, error: typeof failure | null) => (
      <TaskAnnouncer>
        <TaskCard status={card} />
        <TaskTimeline events={error ? undefined : []} error={error} />
      </TaskAnnouncer>
    );
    const { rerender } = render(page(states.processingWithProgress, null));
    act(() => rerender(page(states.completed, failure)));
    expect(lines()).toEqual(['Image generation: Completed', 'The history could not be loaded.']);
    act(() => rerender(page(states.completed, null)));
    expect(lines()).toEqual(['Image generation: Completed']);
  });

  it('two tasks that complete in the same poll are both heard (TaskProvider + memory source)', async () => {
    const source = createMemorySource({ realtime: false });
    const a = (await source.submit('export', { n: 1 })).task;
    const b = (await source.submit('upload', { n: 2 })).task;
    const claimedA = source.worker.claim(a.id)!;
    const claimedB = source.worker.claim(b.id)!;
    // Fake timers: both rows land in one poll and so at one moment, however loaded the machine
    // (with real ones, renders more than 100 ms apart would rightly start a second group).
    vi.useFakeTimers();
    render(
      <TaskProvider source={source} pollInterval={100}>
        <TaskAnnouncer>
          <ConnectedTaskCard taskId={a.id} />
          <ConnectedTaskCard taskId={b.id} />
        </TaskAnnouncer>
      </TaskProvider>,
    );
    const cards = screen.getAllByRole('article');
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(cards.map((card) => card.dataset.state)).toEqual(['processing', 'processing']);
    source.worker.complete(a.id, claimedA.attempt, { ok: 1 });
    source.worker.complete(b.id, claimedB.attempt, { ok: 2 });
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(cards.map((card) => card.dataset.state)).toEqual(['completed', 'completed']);
    expect(lines()).toEqual(['Export: Completed', 'Upload: Completed']);
  });
});
