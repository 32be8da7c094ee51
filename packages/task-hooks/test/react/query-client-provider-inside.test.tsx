// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { useActiveTask } from '../../src/react/use-active-task';
import { useSubmitTask, type UseSubmitTaskResult } from '../../src/react/use-submit-task';
import { useTaskEvents } from '../../src/react/use-task-events';
import { useTasks, type UseTasksResult } from '../../src/react/use-tasks';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { advance, Probe, withFakeClock } from './harness';

// An app that puts its own QueryClientProvider inside TaskProvider (or a feature's provider deeper
// down) must not take the hooks' rows away from the client that polls them: the scheduler refetches
// through the provider's client, and rows cached in another were read once, at mount, and never again.
withFakeClock();

/** `node` below TaskProvider and an app's own QueryClientProvider (another client). */
const insideAppProvider = (source: MemorySource, node: React.ReactNode) =>
  render(
    <TaskProvider source={source}>
      <QueryClientProvider client={new QueryClient()}>{node}</QueryClientProvider>
    </TaskProvider>,
  );

function ActiveExport({ seen }: { seen: { active?: string | null } }) {
  seen.active = useActiveTask('export').task?.id ?? null;
  return null;
}

function Many({ ids, log }: { ids: string[]; log: UseTasksResult[] }) {
  log.push(useTasks(ids, { liveElapsed: false }));
  return null;
}

describe('a QueryClientProvider of the app inside TaskProvider', () => {
  it('keeps polling useTaskStatus and useTasks: a task that completes shows completed', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const one: TaskStatusResult[] = [];
    const many: UseTasksResult[] = [];
    render(
      <TaskProvider source={source}>
        <QueryClientProvider client={new QueryClient()}>
          <Probe id={task.id} log={one} options={{ liveElapsed: false }} />
          <Many ids={[task.id]} log={many} />
        </QueryClientProvider>
      </TaskProvider>,
    );
    await advance(1_000);
    expect(one.at(-1)?.status).toBe('pending');

    const { attempt } = source.worker.claim(task.id)!;
    source.worker.complete(task.id, attempt, { url: 'x' });
    await advance(2_000); // the next poll
    expect(one.at(-1)?.status).toBe('completed');
    expect(many.at(-1)?.tasks[0]?.status).toBe('completed');
  });

  it('useTaskEvents follows the task to completed', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    let trail: string[] = [];
    function Timeline() {
      trail = useTaskEvents(task.id).events?.map((e) => e.kind) ?? [];
      return null;
    }
    const log: TaskStatusResult[] = [];
    insideAppProvider(source, <><Probe id={task.id} log={log} options={{ liveElapsed: false }} /><Timeline /></>);
    await advance(1_000);
    const { attempt } = source.worker.claim(task.id)!;
    source.worker.complete(task.id, attempt, {});
    await advance(3_000); // the row's poll sees the change, which asks for the trail again
    expect(trail).toEqual(['submitted', 'claimed', 'completed']);
  });

  it('useSubmitTask shows the new task as useActiveTask at once', async () => {
    const source = createMemorySource({ realtime: false });
    let submit: UseSubmitTaskResult['submit'] | undefined;
    const seen: { active?: string | null } = {};
    function Panel() {
      submit = useSubmitTask('export').submit;
      return <ActiveExport seen={seen} />;
    }
    insideAppProvider(source, <Panel />);
    await advance(1_000);
    expect(seen.active).toBeNull();
    let id: string | undefined;
    await act(async () => {
      id = (await submit!({}))?.task.id;
    });
    expect(id).toBeTruthy();
    expect(seen.active).toBe(id); // before the 30 s safety poll
  });

  it('cancel shows "cancelling" at once: the optimistic row is in the client the hooks read', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 500 });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    insideAppProvider(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await advance(2_000);
    void act(() => void log.at(-1)!.cancel());
    await advance(100); // the request is still out
    expect(log.at(-1)?.task?.cancel_requested_at).toEqual(expect.any(String));
  });

  it("retry shows the new task as the type's active task at once", async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    source.worker.fail(task.id, source.worker.claim(task.id)!.attempt, 'worker_error', 'boom');
    const log: TaskStatusResult[] = [];
    const seen: { active?: string | null } = {};
    insideAppProvider(source, <><Probe id={task.id} log={log} options={{ liveElapsed: false }} /><ActiveExport seen={seen} /></>);
    await advance(1_000);
    expect(seen.active).toBeNull();
    let retried: string | undefined;
    await act(async () => {
      retried = (await log.at(-1)!.retry())?.task.id;
    });
    await advance(1_000); // well before the 30 s safety poll
    expect(retried).toBeTruthy();
    expect(seen.active).toBe(retried);
  });
});
