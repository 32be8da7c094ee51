// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { TaskThresholds } from '../../src/core/types';
import type { TaskStatusResult } from '../../src/react/types';
import { useTasks } from '../../src/react/use-tasks';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

const MINUTE: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 10_000, heartbeatTimeoutMs: 60_000 };

describe('onStuck, once per stuck episode', () => {
  it('is not called again when the thresholds change while the task stays stuck', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id); // a worker that never beats
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, thresholds: MINUTE }} />);
    await advance(70_000);
    expect(onStuck).toHaveBeenCalledTimes(1);
    // e.g. an operator tightens the type's timeout (read again within 30 s), or the app's override changes
    rerenderWith(<Probe id={task.id} log={log} options={{ onStuck, thresholds: { ...MINUTE, heartbeatTimeoutMs: 30_000 } }} />);
    await advance(3_000);
    expect(log.at(-1)?.health).toMatchObject({ state: 'stuck', since: Date.parse(task.created_at) + 30_000 });
    expect(onStuck).toHaveBeenCalledTimes(1);
  });

  it('is called again for a task that recovered and got stuck again while the hook watched another', async () => {
    const source = createMemorySource({ realtime: false });
    const a = source.store.submit('export', {}).task;
    const b = source.store.submit('export', {}).task;
    const { attempt } = source.worker.claim(a.id)!;
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    const options = { onStuck, thresholds: MINUTE };
    const { rerenderWith } = renderWithSource(source, <Probe id={a.id} log={log} options={options} />);
    await advance(70_000);
    expect(onStuck).toHaveBeenCalledTimes(1);
    rerenderWith(<Probe id={b.id} log={log} options={options} />);
    await advance(1_000);
    source.worker.heartbeat(a.id, attempt); // A recovers, unseen, then stops beating for good
    await advance(70_000);
    rerenderWith(<Probe id={a.id} log={log} options={options} />);
    await advance(1_000);
    expect(log.at(-1)).toMatchObject({ task: { id: a.id }, health: { state: 'stuck' } });
    expect(onStuck).toHaveBeenCalledTimes(2);
  });
  it('is called once for a task running too long while its worker keeps beating', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, thresholds: { ...MINUTE, maxRuntimeMs: 30_000 } }} />);
    for (let beat = 0; beat < 24; beat += 1) {
      await advance(5_000);
      source.worker.heartbeat(task.id, attempt); // every beat is a write: a new updated_at, the same episode
    }
    await advance(5_000);
    expect(log.at(-1)?.health).toMatchObject({ state: 'stuck', reason: 'running_too_long' });
    expect(onStuck).toHaveBeenCalledTimes(1);
  });

  it('is not called again when the user cancels a task already stuck, nor when the cancel then goes unanswered', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, thresholds: { ...MINUTE, maxRuntimeMs: 30_000, cancelGraceMs: 20_000 } }} />);
    for (let beat = 0; beat < 8; beat += 1) {
      await advance(5_000);
      source.worker.heartbeat(task.id, attempt);
    }
    expect(onStuck).toHaveBeenCalledTimes(1);
    await log.at(-1)!.cancel(); // a worker that ignores it keeps beating
    for (let beat = 0; beat < 8; beat += 1) {
      await advance(5_000);
      source.worker.heartbeat(task.id, attempt);
    }
    expect(log.at(-1)?.health.state).toBe('stuck');
    expect(onStuck).toHaveBeenCalledTimes(1);
  });
});

describe('onStuck, for each new stuck episode', () => {
  it('is called when a task that recovered turns stuck again because thresholds were lowered', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, thresholds: MINUTE }} />);
    await advance(70_000);
    expect(onStuck).toHaveBeenCalledTimes(1); // episode 1
    source.worker.heartbeat(task.id, attempt); // recovers
    await advance(3_000);
    expect(log.at(-1)?.health.state).not.toBe('stuck');
    await advance(40_000); // 43 s without a beat: fine under the 60 s timeout
    expect(log.at(-1)?.health.state).not.toBe('stuck');
    // the operator tightens the timeout to 30 s: the task, fine until now, turns stuck (episode 2)
    rerenderWith(<Probe id={task.id} log={log} options={{ onStuck, thresholds: { ...MINUTE, heartbeatTimeoutMs: 30_000 } }} />);
    await advance(3_000);
    expect(log.at(-1)?.health.state).toBe('stuck');
    expect(onStuck).toHaveBeenCalledTimes(2);
  });

  it('is called once for a task that lower thresholds make stuck at once', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    source.worker.heartbeat(task.id, attempt);
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, thresholds: MINUTE }} />);
    await advance(40_000);
    rerenderWith(<Probe id={task.id} log={log} options={{ onStuck, thresholds: { ...MINUTE, heartbeatTimeoutMs: 30_000 } }} />);
    await advance(3_000);
    expect(log.at(-1)?.health.state).toBe('stuck');
    expect(onStuck).toHaveBeenCalledTimes(1);
  });

  it('is called when the hook goes back to a task (another type) that recovered and got stuck again, kept fresh by a list', async () => {
    const source = createMemorySource({
      realtime: false,
      types: { export: { heartbeatWarnAfterMs: 10_000, heartbeatTimeoutMs: 60_000 }, import: { heartbeatWarnAfterMs: 20_000, heartbeatTimeoutMs: 120_000 } },
    });
    const a = source.store.submit('export', {}).task;
    const b = source.store.submit('import', {}).task;
    const { attempt } = source.worker.claim(a.id)!;
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    function Page({ selected }: { selected: string }) {
      useTasks([a.id, b.id]); // the list beside the detail panel
      return <Probe id={selected} log={log} options={{ onStuck }} />;
    }
    const { rerenderWith } = renderWithSource(source, <Page selected={a.id} />);
    await advance(70_000);
    expect(onStuck).toHaveBeenCalledTimes(1);
    rerenderWith(<Page selected={b.id} />);
    await advance(1_000);
    source.worker.heartbeat(a.id, attempt); // A recovers, then stops beating for good
    await advance(70_000);
    rerenderWith(<Page selected={a.id} />);
    await advance(1_000);
    expect(log.at(-1)).toMatchObject({ task: { id: a.id }, health: { state: 'stuck' } });
    expect(onStuck).toHaveBeenCalledTimes(2);
  });

  it('is called when the hook goes back to a task of the same type that got stuck again after its row was collected (default gcTime)', async () => {
    const source = createMemorySource({
      realtime: false,
      types: { export: { heartbeatWarnAfterMs: 10_000, heartbeatTimeoutMs: 60_000 } },
    });
    const a = source.store.submit('export', {}).task;
    const b = source.store.submit('export', {}).task;
    const { attempt } = source.worker.claim(a.id)!;
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } }); // gcTime: TanStack's 5 min
    const { rerenderWith } = renderWithSource(source, <Probe id={a.id} log={log} options={{ onStuck }} />, { queryClient });
    await advance(70_000);
    expect(onStuck).toHaveBeenCalledTimes(1);
    rerenderWith(<Probe id={b.id} log={log} options={{ onStuck }} />); // same type, same thresholds
    await advance(1_000);
    source.worker.heartbeat(a.id, attempt); // A recovers, then stops beating for good
    await advance(6 * 60_000); // A's row is collected meanwhile
    expect(queryClient.getQueryData(['unstuck', 'task', a.id])).toBeUndefined();
    rerenderWith(<Probe id={a.id} log={log} options={{ onStuck }} />);
    await advance(2_000);
    expect(log.at(-1)).toMatchObject({ task: { id: a.id }, health: { state: 'stuck' } });
    expect(onStuck).toHaveBeenCalledTimes(2);
  });

  it('no second onStuck when new thresholds switch the reason of a task that stays stuck', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    await advance(5_000);
    source.worker.heartbeat(task.id, attempt); // one beat, then silence
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, thresholds: MINUTE }} />);
    await advance(70_000);
    expect(log.at(-1)?.health).toMatchObject({ state: 'stuck', reason: 'no_heartbeat' });
    expect(onStuck).toHaveBeenCalledTimes(1);
    // the operator lowers the max runtime: still stuck, same episode, an earlier crossing
    rerenderWith(<Probe id={task.id} log={log} options={{ onStuck, thresholds: { ...MINUTE, maxRuntimeMs: 30_000 } }} />);
    await advance(3_000);
    expect(log.at(-1)?.health).toMatchObject({ state: 'stuck', reason: 'running_too_long' });
    expect(onStuck).toHaveBeenCalledTimes(1);
  });

  it('the same instant written another way is not a new stuck episode', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    await advance(5_000);
    source.worker.heartbeat(task.id, attempt);
    const fetchTasks = source.fetchTasks;
    let pg = false; // a backend that prints '+00:00' with microseconds, as PostgreSQL's to_jsonb does
    source.fetchTasks = async (ids, signal) =>
      (await fetchTasks(ids, signal)).map((r) => (pg && r.heartbeat_at ? { ...r, heartbeat_at: r.heartbeat_at.replace('Z', '000+00:00') } : r));
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, thresholds: MINUTE }} />);
    await advance(70_000);
    expect(onStuck).toHaveBeenCalledTimes(1);
    pg = true;
    await advance(5_000);
    expect(log.at(-1)?.task?.heartbeat_at).toMatch(/\+00:00$/);
    expect(log.at(-1)?.health.state).toBe('stuck');
    expect(onStuck).toHaveBeenCalledTimes(1);
  });

  it('A stuck, B watched while the max runtime is lowered, back to A unchanged: no second onStuck for A', async () => {
    const source = createMemorySource({ realtime: false });
    const a = source.store.submit('export', {}).task;
    const b = source.store.submit('export', {}).task;
    source.worker.claim(a.id);
    source.worker.claim(b.id);
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    const { rerenderWith } = renderWithSource(source, <Probe id={a.id} log={log} options={{ onStuck, thresholds: MINUTE, liveElapsed: false }} />);
    await advance(70_000);
    expect(log.at(-1)?.health).toMatchObject({ state: 'stuck', reason: 'no_heartbeat' });
    expect(onStuck).toHaveBeenCalledTimes(1);
    rerenderWith(<Probe id={b.id} log={log} options={{ onStuck, thresholds: MINUTE, liveElapsed: false }} />);
    await advance(3_000);
    expect(log.at(-1)).toMatchObject({ task: { id: b.id }, health: { state: 'stuck' } });
    expect(onStuck).toHaveBeenCalledTimes(2);
    const lower = { ...MINUTE, maxRuntimeMs: 30_000 };
    rerenderWith(<Probe id={b.id} log={log} options={{ onStuck, thresholds: lower, liveElapsed: false }} />);
    await advance(3_000);
    expect(log.at(-1)?.health).toMatchObject({ state: 'stuck', reason: 'running_too_long' });
    expect(onStuck).toHaveBeenCalledTimes(2);
    rerenderWith(<Probe id={a.id} log={log} options={{ onStuck, thresholds: lower, liveElapsed: false }} />);
    await advance(3_000);
    expect(log.at(-1)).toMatchObject({ task: { id: a.id }, health: { state: 'stuck', reason: 'running_too_long' } });
    expect(onStuck).toHaveBeenCalledTimes(2); // A's episode was told; only the thresholds moved
  });

  it("A stuck, B watched past A's gcTime while the max runtime is lowered, back to A unchanged: no second onStuck", async () => {
    const source = createMemorySource({ realtime: false });
    const a = source.store.submit('export', {}).task;
    const b = source.store.submit('export', {}).task;
    source.worker.claim(a.id);
    source.worker.claim(b.id);
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    // TanStack's default gcTime is 5 min; 10 s here to keep the test short
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: 10_000 } } });
    const { rerenderWith } = renderWithSource(source, <Probe id={a.id} log={log} options={{ onStuck, thresholds: MINUTE, liveElapsed: false }} />, { queryClient });
    await advance(70_000);
    expect(log.at(-1)?.health).toMatchObject({ state: 'stuck', reason: 'no_heartbeat' });
    expect(onStuck).toHaveBeenCalledTimes(1);
    const lower = { ...MINUTE, maxRuntimeMs: 30_000 };
    rerenderWith(<Probe id={b.id} log={log} options={{ onStuck, thresholds: lower, liveElapsed: false }} />);
    await advance(30_000); // A's row query unobserved past gcTime
    expect(log.at(-1)).toMatchObject({ task: { id: b.id }, health: { state: 'stuck' } });
    expect(onStuck).toHaveBeenCalledTimes(2);
    const rowA = log.filter((r) => r.task?.id === a.id).at(-1)!.task;
    rerenderWith(<Probe id={a.id} log={log} options={{ onStuck, thresholds: lower, liveElapsed: false }} />);
    await advance(3_000);
    expect(log.at(-1)).toMatchObject({ task: { ...rowA }, health: { state: 'stuck', reason: 'running_too_long' } });
    expect(log.at(-1)!.task).not.toBe(rowA); // the same row, read again
    expect(onStuck).toHaveBeenCalledTimes(2); // A's episode was told; only the thresholds moved
  });
});
