// @vitest-environment jsdom
// Races around useSubmitTask, useActiveTask and useTaskEvents: answers that land after the hook
// moved on, rows newer than an answer, disabled hooks.
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { taskKeys } from '../../src/core/keys';
import type { TaskRow } from '../../src/core/types';
import type { TaskStatusResult } from '../../src/react/types';
import { useActiveTask, type UseActiveTaskResult } from '../../src/react/use-active-task';
import { useSubmitTask, type SubmitOutcome, type UseSubmitTaskResult } from '../../src/react/use-submit-task';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, flush, renderSubmitPanel, renderWithSource, slowReads, withFakeClock } from './harness';

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

  it('does not put back an older row than the one read while the submit was out', async () => {
    const source = createMemorySource({ types: { export: { exclusive: true } } });
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    // The submit is answered at once by the server (it attaches to the running task), but the
    // answer takes a second to come back.
    const submit = source.submit;
    source.submit = async (type, payload) => {
      const result = await submit(type, payload);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return result;
    };
    const submits: UseSubmitTaskResult[] = [];
    const statuses: TaskStatusResult[] = [];
    const actives: UseActiveTaskResult[] = [];
    function Panel() {
      submits.push(useSubmitTask('export'));
      statuses.push(useTaskStatus(task.id, { liveElapsed: false }));
      actives.push(useActiveTask('export'));
      return null;
    }
    renderWithSource(source, <Panel />);
    await flush();
    expect(actives.at(-1)?.task?.id).toBe(task.id);
    let done!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      done = submits.at(-1)!.submit({});
    });
    await advance(100);
    source.worker.complete(task.id, claimed.attempt); // the hint brings the completed row at once
    await advance(100);
    expect(statuses.at(-1)?.status).toBe('completed');
    expect(actives.at(-1)?.task).toBeNull();
    const completedAt = statuses.length - 1;
    await advance(1_000); // the answer: the task as it was when the submit attached to it
    const outcome = await act(() => done);
    expect(outcome).toMatchObject({ created: false, task: { id: task.id, status: 'processing' } });
    await flush();
    expect(statuses.slice(completedAt).map((r) => r.status)).not.toContain('processing');
    expect(actives.at(-1)?.task).toBeNull();
  });

  it('is not undone by a read of the active task sent before it and answered after it (a press during page load)', async () => {
    // The page's first read of the active task is answered by the database at once (no task yet)
    // and takes a second to come back, a cold server; the submit is quick.
    const source = slowReads(createMemorySource({ realtime: false }), 'fetchActiveTask', 1_000, true);
    const { submits, actives } = renderSubmitPanel(source);
    await advance(100);
    const outcome = await act(() => submits.at(-1)!.submit({ n: 1 }));
    await advance(2_000);
    // Not "no running task" until the 30 s poll, offering to start a second one.
    expect(actives.at(-1)?.task?.id).toBe(outcome!.task.id);
  });

  it('reads the stale task it reaped at once, so it does not stay shown as stuck', async () => {
    const source = createMemorySource({ realtime: false });
    const { task: stale } = await source.submit('export', {});
    const submits: UseSubmitTaskResult[] = [];
    const statuses: TaskStatusResult[] = [];
    function Panel() {
      submits.push(useSubmitTask('export'));
      statuses.push(useTaskStatus(stale.id, { liveElapsed: false, pollInterval: 60_000 }));
      return null;
    }
    renderWithSource(source, <Panel />);
    await advance(31 * 60_000);
    expect(statuses.at(-1)).toMatchObject({ status: 'pending', health: { state: 'stuck' }, canRetry: true });
    const outcome = await act(() => submits.at(-1)!.submit({}));
    expect(outcome).toMatchObject({ created: true, reapedTaskId: stale.id });
    await flush();
    // Not left pending and "stuck" until the next poll, where a Retry would start one more task.
    expect(statuses.at(-1)).toMatchObject({ status: 'failed', task: { error_code: 'pending_timeout' }, canRetry: true });
    expect(statuses.at(-1)?.health.state).toBe('ok');
  });
});

describe('useActiveTask', () => {
  it('sends nothing while disabled, even when a cached active task ends', async () => {
    const source = createMemorySource({ realtime: false });
    const submits: UseSubmitTaskResult[] = [];
    function Panel() {
      const submit = useSubmitTask('export');
      submits.push(submit);
      useActiveTask('export', { enabled: false });
      useTaskStatus(submit.data?.task.id, { liveElapsed: false });
      return null;
    }
    renderWithSource(source, <Panel />);
    await flush();
    const outcome = await act(() => submits.at(-1)!.submit({})); // caches the active task
    await flush();
    const claimed = source.worker.claim(outcome!.task.id)!;
    source.worker.complete(outcome!.task.id, claimed.attempt);
    await advance(2_500); // the poll reads it completed
    expect(source.stats.calls.fetchActiveTask ?? 0).toBe(0);
  });
  it('does not show a task that ended while its read was out as active (its row, read since, says so)', async () => {
    const memory = createMemorySource(); // realtime: the end is pushed, and read at once
    const { task } = memory.store.submit('export', {});
    const { attempt } = memory.worker.claim(task.id)!;
    // The active read answers a second late, with the task as it was when the database read it.
    const source = slowReads(memory, 'fetchActiveTask', 1_000);
    const actives: UseActiveTaskResult[] = [];
    const statuses: TaskStatusResult[] = [];
    function Panel() {
      actives.push(useActiveTask('export'));
      statuses.push(useTaskStatus(task.id, { liveElapsed: false }));
      return null;
    }
    renderWithSource(source, <Panel />);
    await advance(100);
    memory.worker.complete(task.id, attempt, {});
    await advance(200);
    expect(statuses.at(-1)?.status).toBe('completed');
    await advance(2_000); // the active read landed (processing) at 1 s; a read sent since finds none
    expect(actives.at(-1)?.task).toBeNull();
  });
});
