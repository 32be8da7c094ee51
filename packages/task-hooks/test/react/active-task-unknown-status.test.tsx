// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { TaskRow } from '../../src/core/types';
import type { TaskStatusResult } from '../../src/react/types';
import { useActiveTask, type UseActiveTaskResult } from '../../src/react/use-active-task';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

describe('useActiveTask over a task in a status this client does not know', () => {
  it('does not read the slot again at every poll of the task (a newer database\'s active status is not an end)', async () => {
    const memory = createMemorySource({ realtime: false });
    const { task } = memory.store.submit('export', {});
    // The memory source knows only the contract's statuses: a newer server's is put on its answers.
    const paused = (row: TaskRow): TaskRow => ({ ...row, status: 'paused' as TaskRow['status'] });
    const source = Object.assign(Object.create(memory) as MemorySource, {
      fetchTasks: async (ids: string[], signal?: AbortSignal) => (await memory.fetchTasks(ids, signal)).map(paused),
      fetchActiveTask: async (type: string, signal?: AbortSignal) => {
        const row = await memory.fetchActiveTask(type, signal);
        return row && paused(row);
      },
    });
    const log: TaskStatusResult[] = [];
    const slots: UseActiveTaskResult[] = [];
    function Page() {
      slots.push(useActiveTask('export'));
      return <Probe id={task.id} log={log} />;
    }
    renderWithSource(source, <Page />);
    await advance(20_000); // ten polls of the row at 2 s, none of the slot's 30 s safety polls
    expect(log.at(-1)?.status).toBe('unknown');
    expect(slots.at(-1)?.task?.id).toBe(task.id);
    expect(memory.stats.calls.fetchActiveTask).toBe(1);
  });
});
