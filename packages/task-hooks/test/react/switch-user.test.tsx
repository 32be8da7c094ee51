// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { taskKeys } from '../../src/core/keys';
import type { TaskRow } from '../../src/core/types';
import { useActiveTask } from '../../src/react/use-active-task';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

// The README's "Another user signs in" recipe: the cache holds the previous user's rows, active
// tasks and timelines under taskKeys.all, and the hooks would show them until their next read (30 s
// with realtime). The recipe resets them; this pins that it works and that it is needed.
withFakeClock();

interface Seen {
  status: string;
  active: string | null | undefined;
}

function Page({ id, log }: { id: string; log: Seen[] }) {
  const status = useTaskStatus(id, { liveElapsed: false });
  const active = useActiveTask('export');
  log.push({ status: status.status, active: active.task === undefined ? undefined : (active.task?.id ?? null) });
  return null;
}

/** The same server, now answering as a user who owns none of the previous user's tasks (RLS). */
function signInAsSomeoneElse(source: MemorySource): void {
  source.fetchTasks = async (ids) => {
    void ids;
    return [] as TaskRow[];
  };
  source.fetchActiveTask = async () => null;
}

describe('another user signs in on the same tab', () => {
  it.each([
    ['without the recipe, the previous user\'s task stays on screen until the next read', false, { status: 'processing', active: 'task' }],
    ['with resetQueries(taskKeys.all), it is gone at once', true, { status: 'not_found', active: null }],
  ] as const)('%s', async (_, reset, expected) => {
    const source = createMemorySource(); // realtime: reads come at the 30 s safety poll
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const log: Seen[] = [];
    const { queryClient } = renderWithSource(source, <Page id={task.id} log={log} />);
    await advance(1_000);
    expect(log.at(-1)).toEqual({ status: 'processing', active: task.id });

    signInAsSomeoneElse(source);
    if (reset) await act(() => queryClient.resetQueries({ queryKey: taskKeys.all }));
    await advance(1_000);
    expect(log.at(-1)).toEqual({ ...expected, active: expected.active === 'task' ? task.id : expected.active });
  });
});
