// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskEvents, type UseTaskEventsResult } from '../../src/react/use-task-events';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

/** A task card with its timeline: `useTaskStatus` and `useTaskEvents` of one id, side by side. */
function renderCardWithTrail(source: ReturnType<typeof createMemorySource>, id: string) {
  const log: TaskStatusResult[] = [];
  const trail: { last?: UseTaskEventsResult } = {};
  function Trail() {
    trail.last = useTaskEvents(id);
    return null;
  }
  renderWithSource(source, <><Trail /><Probe id={id} log={log} /></>);
  return { log, kinds: () => trail.last?.events?.map((e) => e.kind) };
}

describe('useTaskEvents', () => {
  it('shows the cancel request once the server wrote it, not only what was read at the optimistic update', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    source.worker.claim(task.id);
    const { log, kinds } = renderCardWithTrail(source, task.id);
    await advance(100);
    expect(kinds()).toEqual(['submitted', 'claimed']);
    await log.at(-1)!.cancel();
    await advance(5_000);
    expect(kinds()).toEqual(['submitted', 'claimed', 'cancel_requested']);
  });
});
