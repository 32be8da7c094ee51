// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { TaskThresholds } from '../../src/core/types';
import type { TaskStatusResult } from '../../src/react/types';
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
});
