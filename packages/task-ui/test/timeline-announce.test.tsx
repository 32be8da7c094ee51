import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { TaskAnnouncer, TaskCard, TaskTimeline, type TaskErrorLike } from '@unstuck/task-ui';
import { ConnectedTaskTimeline } from '@unstuck/task-ui/connected';
import { describe, expect, it, vi } from 'vitest';
import { states } from '../stories/fixtures';
import { apart } from './apart';
import { expectNoAxeViolations } from './axe';

const SAID = 'The history could not be loaded.';

/** Every text the live region takes, in order: what a screen reader would be handed. */
function recordRegion(region: HTMLElement): string[] {
  const said: string[] = [];
  new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
  return said;
}
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0))); // let the observer report

describe('TaskTimeline announces a failed read', () => {
  it('politely, once per failure: not on a re-render with the same error, again for the next one', async () => {
    const first: TaskErrorLike = { code: 'network', message: 'Failed to fetch' };
    const { container, rerender } = render(<TaskTimeline events={undefined} />);
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    const said = recordRegion(region);

    rerender(<TaskTimeline events={undefined} error={first} onReload={() => undefined} />);
    await settle();
    expect(said.map((text) => text.trim())).toEqual([SAID]);
    // A parent re-rendering with the same failure is not news.
    rerender(<TaskTimeline events={undefined} error={first} onReload={() => undefined} className="again" />);
    await settle();
    expect(said).toHaveLength(1);
    // A second failure says the same words: they must come as a new node for them to be read.
    const firstLine = region.firstElementChild;
    await apart();
    rerender(<TaskTimeline events={undefined} error={{ ...first }} onReload={() => undefined} />);
    await settle();
    expect(said).toHaveLength(2);
    expect(said[1]).toBe(SAID);
    expect(region.childElementCount).toBe(1);
    expect(region.firstElementChild).not.toBe(firstLine);
    // Announced, not focused.
    expect(document.activeElement).toBe(document.body);
    await expectNoAxeViolations(container);
    // Once the trail loads, the sentence leaves the region: a screen reader reading the page
    // later must not come across a failure that is over.
    rerender(<TaskTimeline events={[]} error={null} />);
    expect(region.textContent).toBe('');
  });

  it('uses the one region of a TaskAnnouncer, or of the card it sits in, instead of adding its own', async () => {
    const failure = { code: 'network', message: 'down' };
    const { rerender } = render(
      <TaskAnnouncer>
        <TaskCard status={states.completed} />
        <TaskTimeline events={undefined} />
      </TaskAnnouncer>,
    );
    expect(screen.getAllByRole('status')).toHaveLength(1);
    rerender(
      <TaskAnnouncer>
        <TaskCard status={states.completed} />
        <TaskTimeline events={undefined} error={failure} />
      </TaskAnnouncer>,
    );
    await settle();
    expect(screen.getByRole('status').textContent).toBe(SAID);
    // The card speaks after it; the timeline's recovery then leaves the card's sentence alone.
    rerender(
      <TaskAnnouncer>
        <TaskCard status={states.failedByWorker} />
        <TaskTimeline events={undefined} error={failure} />
      </TaskAnnouncer>,
    );
    rerender(
      <TaskAnnouncer>
        <TaskCard status={states.failedByWorker} />
        <TaskTimeline events={[]} />
      </TaskAnnouncer>,
    );
    expect(screen.getByRole('status').textContent).toBe('Image generation: Failed');

    rerender(
      <TaskCard status={states.completed}>
        <TaskTimeline events={undefined} error={failure} />
      </TaskCard>,
    );
    expect(screen.getAllByRole('status')).toHaveLength(1);
  });
});

describe('ConnectedTaskTimeline announces', () => {
  it('the first failed read, and a Try again that fails too, leaving focus on the button', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    let fail: (error: Error) => void = () => undefined;
    source.fetchEvents = vi.fn<typeof source.fetchEvents>()
      .mockRejectedValueOnce(new Error('network down'))
      .mockImplementationOnce(() => new Promise((_, reject) => { fail = reject; }));
    const user = userEvent.setup();
    render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskTimeline taskId={task.id} />
      </TaskProvider>,
    );
    const region = screen.getByRole('status');
    const said = recordRegion(region);
    await waitFor(() => expect(region.textContent).toBe(SAID));
    expect(said).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    // While it reads, the same error stands: nothing new to say.
    await settle();
    expect(said).toHaveLength(1);
    await apart();
    act(() => fail(new Error('still down')));
    await waitFor(() => expect(said).toHaveLength(2));
    expect(said[1]!.trim()).toBe(SAID);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Try again' }));
  });
});
