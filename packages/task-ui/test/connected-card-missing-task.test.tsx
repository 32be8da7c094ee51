// A ConnectedTaskCard with showTimeline for a task that is not there (deleted, someone else's, a
// mistyped link). The card says the task does not exist; a timeline under it could only fail to
// read a trail that cannot exist, and said so to screen readers, twice (the trail is read on
// mount and again once the row is known to be missing, each read a new failure).
import { act, render, screen } from '@testing-library/react';
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource } from '@unstuck/task-hooks/testing';
import { ConnectedTaskCard } from '@unstuck/task-ui/connected';
import { version } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { actAsyncFor } from '../../../tools/peers-floor/act-async';

// Under React 18 one act() would hold every render, and the reads they start, until its time is up.
const actAsync = actAsyncFor(act, version);

afterEach(() => {
  vi.useRealTimers();
});

describe('ConnectedTaskCard showTimeline for a missing task', () => {
  it.each([['an unknown id', '6c1f3f5e-2a40-4c59-9a3e-0f1d2b7c9a10'], ['a malformed id', 'not-a-uuid']])('%s: says not found, with no failed history said or shown', async (_, id) => {
    vi.useFakeTimers();
    const source = createMemorySource({ realtime: false });
    render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskCard taskId={id} showTimeline />
      </TaskProvider>,
    );
    await actAsync(() => vi.advanceTimersByTimeAsync(2_000));
    const card = screen.getByRole('article');
    expect(card.dataset.state).toBe('not_found');
    expect(screen.queryByRole('region', { name: 'Task history' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it.each([['an unknown id', '6c1f3f5e-2a40-4c59-9a3e-0f1d2b7c9a10'], ['a malformed id', 'not-a-uuid']])('%s: the failed history is never shown, not even while the task is loading', async (_, id) => {
    vi.useFakeTimers();
    const source = createMemorySource({ realtime: false });
    const { container } = render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskCard taskId={id} showTimeline />
      </TaskProvider>,
    );
    const seen = [container.textContent ?? '']; // the first render, then every change
    const observer = new MutationObserver(() => seen.push(container.textContent ?? ''));
    observer.observe(container, { subtree: true, childList: true, characterData: true });
    await actAsync(() => vi.advanceTimersByTimeAsync(2_000));
    observer.disconnect();
    expect(seen.filter((text) => /history could not/i.test(text))).toEqual([]);
  });

  it('a task that is there keeps its timeline', async () => {
    vi.useFakeTimers();
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', { n: 1 });
    render(
      <TaskProvider source={source} pollInterval={100}>
        <ConnectedTaskCard taskId={task.id} showTimeline />
      </TaskProvider>,
    );
    await actAsync(() => vi.advanceTimersByTimeAsync(2_000));
    expect(screen.getByRole('region', { name: 'Task history' }).textContent).toContain('Submitted');
  });
});
