// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { useTasks, type TaskSummary } from '../../src/react/use-tasks';
import { createMemorySource } from '../../src/testing/memory-source';
import { createSimulatedWorker } from '../../src/testing/simulated-worker';
import { Probe, advance, flush, renderWithSource, withFakeClock } from './harness';

const MIN = 60_000;


const seen = (log: TaskStatusResult[]) => log.map((r) => `${r.status}/${r.health.state}`).filter((s, i, all) => s !== all[i - 1]);

withFakeClock();

describe('useTaskStatus', () => {
  it('follows a task from pending to completed and calls onComplete once', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    createSimulatedWorker(source, { taskId: task.id, scenario: 'succeed', startDelayMs: 1_000, durationMs: 10_000 });
    const log: TaskStatusResult[] = [];
    const onComplete = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onComplete, liveElapsed: false }} />);
    await advance(20_000);
    expect(seen(log)).toEqual(['loading/ok', 'pending/ok', 'processing/ok', 'completed/ok']);
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject({ id: task.id, status: 'completed' });
    const progressSeen = log.map((r) => r.task?.progress).filter((p) => typeof p === 'number');
    expect(new Set(progressSeen).size).toBeGreaterThan(2);
    // terminal: polling stopped
    const calls = source.stats.calls.fetchTasks;
    await advance(60_000);
    expect(source.stats.calls.fetchTasks).toBe(calls);
  });

  it('flags a silent worker stuck within 1 s of the threshold, whatever the poll interval', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    createSimulatedWorker(source, { taskId: task.id, scenario: 'crash_mid_task', startDelayMs: 0, durationMs: 10_000, steps: 10 });
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ pollInterval: 10 * MIN, onStuck, liveElapsed: false }} />);
    await advance(10_000);
    const lastBeat = Date.parse(source.getTask(task.id)!.heartbeat_at!);
    const stuckAt = lastBeat + 20 * MIN;
    await advance(stuckAt - Date.now() - 1_000);
    expect(log.at(-1)?.health.state).toBe('slow');
    await advance(1_000);
    // At the threshold itself the database does not call it stuck yet (its rules compare
    // strictly); with an exact clock (no latency here) the hook says so 1 ms later.
    expect(log.at(-1)?.health.state).toBe('slow');
    await advance(1);
    const last = log.at(-1)!;
    expect(last.health).toMatchObject({ state: 'stuck', reason: 'no_heartbeat', since: stuckAt });
    expect(onStuck).toHaveBeenCalledTimes(1);
    expect(last.canRetry).toBe(true);
  });

  it.each([3_600_000, -3_600_000])('raises no false warning when the client clock is off by %i ms', async (skew) => {
    const source = createMemorySource({ realtime: false, skewMs: skew });
    const { task } = await source.submit('export', {});
    const log: TaskStatusResult[] = [];
    // elapsedMs ticks every 10 s here, to keep ten minutes of fake time quick
    renderWithSource(source, <Probe id={task.id} log={log} />, { elapsedTickMs: 10_000 });
    await advance(5 * MIN);
    expect(log.every((r) => r.health.state === 'ok')).toBe(true);
    expect(log.at(-1)?.elapsedMs).toBeGreaterThanOrEqual(5 * MIN - 10);
    expect(log.at(-1)?.elapsedMs).toBeLessThanOrEqual(5 * MIN + 10);
    await advance(5 * MIN + 1); // health is judged 1 ms after the server clock (see useClientState)
    expect(log.at(-1)?.health).toMatchObject({ state: 'slow', reason: 'not_picked_up' });
  });

  it('rejects a malformed id with invalid_id and sends no request', async () => {
    const source = createMemorySource();
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id="not-a-uuid" log={log} />);
    await advance(10_000);
    expect(log.at(-1)?.error?.code).toBe('invalid_id');
    expect(log.at(-1)?.status).toBe('not_found');
    expect(source.stats.calls.fetchTasks ?? 0).toBe(0);
  });

  it('reports not_found for a missing row and stops polling', async () => {
    const source = createMemorySource({ realtime: false });
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id="00000000-0000-4000-8000-00000000ffff" log={log} />);
    await flush();
    expect(log.at(-1)?.status).toBe('not_found');
    const calls = source.stats.calls.fetchTasks;
    await advance(60_000);
    expect(source.stats.calls.fetchTasks).toBe(calls);
  });

  it('turns a foreign error of a custom source into one server TaskError that keeps the result stable', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = await source.submit('export', {});
    const bug = new TypeError('rows.map is not a function');
    source.fetchTasks = async () => {
      throw bug; // a hand-written source that breaks the contract (sources throw TaskError)
    };
    const log: TaskStatusResult[] = [];
    const { rerenderWith } = renderWithSource(source, <Probe id={task.id} log={log} />);
    await flush();
    const shown = log.at(-1)!;
    expect(shown.error).toMatchObject({ name: 'TaskError', code: 'server', message: 'rows.map is not a function' });
    expect(shown.error?.details.cause).toBe(bug);
    rerenderWith(<Probe id={task.id} log={log} />); // a parent re-render with nothing new
    expect(log.at(-1)).toBe(shown);
  });

  it('takes an upper-case id as the same task (a UUID is case-insensitive; rows come back lower-case)', async () => {
    const source = createMemorySource({ realtime: false });
    let task = (await source.submit('export', {})).task;
    while (!/[a-f]/.test(task.id)) task = (await source.submit('export', {})).task; // an id with letters
    const log: TaskStatusResult[] = [];
    const upper = task.id.toUpperCase();
    let summaries: TaskSummary[] = [];
    function List() {
      summaries = useTasks([upper], { liveElapsed: false }).tasks;
      return null;
    }
    renderWithSource(source, <><Probe id={upper} log={log} /><List /></>);
    await flush();
    expect(log.at(-1)).toMatchObject({ status: 'pending', error: null, task: { id: task.id } });
    expect(summaries).toMatchObject([{ id: upper, status: 'pending', error: null }]);
    expect(source.stats.fetchBatches).toEqual([[task.id]]);
  });
});
