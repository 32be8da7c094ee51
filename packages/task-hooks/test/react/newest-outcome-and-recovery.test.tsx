// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskThresholds } from '../../src/core/types';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, beatingTask, flush, renderWithSource, withFakeClock } from './harness';

withFakeClock();
const QUIET = { liveElapsed: false };
const MINUTE: Partial<TaskThresholds> = { heartbeatWarnAfterMs: 10_000, heartbeatTimeoutMs: 60_000 };

describe('the newest outcome after a retarget back, and onStuck after a recovery with no write', () => {
  it("A's Cancel out, B watched, back to A: the old Cancel failing late does not hide A's newer Retry failure", async () => {
    const source = createMemorySource({ realtime: false });
    const a = beatingTask(source);
    const b = beatingTask(source);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let first = true;
    source.cancel = async () => { if (first) { first = false; await gate; } throw new TaskError('server', 'server: boom'); };
    source.retry = async () => { throw new TaskError('illegal_state', 'illegal_state: healthy'); };
    const log: TaskStatusResult[] = [];
    const ui = renderWithSource(source, <Probe id={a.task.id} log={log} options={QUIET} />);
    await flush();
    act(() => { void log.at(-1)!.cancel(); }); // A's Cancel is out
    await flush();
    ui.rerenderWith(<Probe id={b.task.id} log={log} options={QUIET} />);
    await flush();
    ui.rerenderWith(<Probe id={a.task.id} log={log} options={QUIET} />); // back to A
    await flush();
    await act(async () => { await log.at(-1)!.retry(); }); // A's Retry refused
    await flush();
    expect(log.at(-1)).toMatchObject({ task: { id: a.task.id }, error: { code: 'illegal_state' } });
    release(); // the old Cancel of A fails now
    await flush();
    await flush();
    a.stop(); b.stop();
    expect(log.at(-1)).toMatchObject({ task: { id: a.task.id }, error: { code: 'illegal_state' } });
  });

  it('onStuck again when a task recovers by raised thresholds (no write) and later turns stuck for another reason', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    await advance(5_000);
    source.worker.heartbeat(task.id, attempt); // one beat, then silence: the row never changes again
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    const t1 = { ...MINUTE, maxRuntimeMs: 240_000 };
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, thresholds: t1 }} />);
    await advance(70_000);
    expect(log.at(-1)?.health).toMatchObject({ state: 'stuck', reason: 'no_heartbeat' });
    expect(onStuck).toHaveBeenCalledTimes(1);
    // the operator raises the heartbeat timeout: the task is no longer stuck
    const t2 = { ...t1, heartbeatTimeoutMs: 3_600_000 };
    rerenderWith(<Probe id={task.id} log={log} options={{ onStuck, thresholds: t2 }} />);
    await advance(3_000);
    expect(log.at(-1)?.health.state).not.toBe('stuck');
    await advance(180_000); // past the max runtime: stuck again, a new episode
    expect(log.at(-1)?.health).toMatchObject({ state: 'stuck', reason: 'running_too_long' });
    expect(onStuck).toHaveBeenCalledTimes(2);
  });

  it('StrictMode: onStuck once, a failed Cancel shown, a retarget with the old Cancel failing late', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const b = beatingTask(source);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let first = true;
    source.cancel = async () => { if (first) { first = false; await gate; } throw new TaskError('server', 'server: boom'); };
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    const ui = renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, thresholds: MINUTE }} />, { strict: true });
    await advance(70_000);
    expect(onStuck).toHaveBeenCalledTimes(1);
    act(() => { void log.at(-1)!.cancel(); });
    await flush();
    ui.rerenderWith(<Probe id={b.task.id} log={log} options={{ onStuck, thresholds: MINUTE }} />);
    await flush();
    await act(() => log.at(-1)!.cancel());
    await flush();
    expect(log.at(-1)).toMatchObject({ task: { id: b.task.id }, error: { code: 'server' } });
    release();
    await flush(); await flush();
    b.stop();
    expect(log.at(-1)).toMatchObject({ task: { id: b.task.id }, error: { code: 'server' } });
    expect(onStuck).toHaveBeenCalledTimes(1);
  });
});
