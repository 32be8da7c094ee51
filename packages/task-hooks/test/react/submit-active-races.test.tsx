// @vitest-environment jsdom
// Races around useSubmitTask, useActiveTask and useTaskEvents: answers that land after the hook
// moved on, rows newer than an answer, disabled hooks.
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { taskKeys } from '../../src/core/keys';
import type { TaskRow } from '../../src/core/types';
import { useActiveTask, type UseActiveTaskResult } from '../../src/react/use-active-task';
import { useSubmitTask, type SubmitOutcome, type UseSubmitTaskResult } from '../../src/react/use-submit-task';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, flush, renderWithSource, withFakeClock } from './harness';

withFakeClock();

describe('useSubmitTask', () => {
  it('writes an answer that lands after the type changed under the type it was submitted for', async () => {
    const source = createMemorySource({ realtime: false });
    const submits: UseSubmitTaskResult[] = [];
    const activeB: UseActiveTaskResult[] = [];
    function Panel({ type }: { type: string }) {
      submits.push(useSubmitTask(type));
      activeB.push(useActiveTask('b'));
      return null;
    }
    const { rerenderWith, queryClient } = renderWithSource(source, <Panel type="a" />);
    await flush();
    expect(activeB.at(-1)?.task).toBeNull();
    source.setLatency(1_000);
    let done!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      done = submits.at(-1)!.submit({});
    });
    await advance(100);
    rerenderWith(<Panel type="b" />); // the user switched to another kind of task meanwhile
    await advance(1_000);
    const outcome = await act(() => done);
    expect(outcome?.task.type).toBe('a');
    expect(queryClient.getQueryData<TaskRow>(taskKeys.active('a'))?.id).toBe(outcome!.task.id);
    expect(queryClient.getQueryData(taskKeys.active('b'))).toBeNull();
    expect(activeB.at(-1)?.task).toBeNull();
  });
});
