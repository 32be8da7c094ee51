import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { computeHealth } from '../../src/core/health';
import { DEFAULT_THRESHOLDS } from '../../src/core/thresholds';
import { createMemorySource } from '../../src/testing/memory-source';
import { createSimulatedWorker, type WorkerScenario } from '../../src/testing/simulated-worker';

const MIN = 60_000;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

async function run(scenario: WorkerScenario, ms: number, cancelAfterMs?: number, durationMs = 10_000) {
  const source = createMemorySource();
  const { task } = await source.submit('export', {});
  const worker = createSimulatedWorker(source, { taskId: task.id, scenario, startDelayMs: 1_000, durationMs });
  if (cancelAfterMs !== undefined) {
    await vi.advanceTimersByTimeAsync(cancelAfterMs);
    await source.cancel(task.id);
  }
  await vi.advanceTimersByTimeAsync(ms);
  const row = source.getTask(task.id)!;
  worker.stop();
  return { source, row, worker, health: computeHealth(row, DEFAULT_THRESHOLDS, source.serverNow()) };
}

describe('simulated worker scenarios', () => {
  it('works on the task it was given by an id in capitals, as the memory source reads one', async () => {
    const source = createMemorySource();
    for (let i = 1; i < 10; i += 1) await source.submit('export', {});
    const { task } = await source.submit('export', {}); // the tenth: …00000000000a, a letter in it
    expect(task.id.toUpperCase()).not.toBe(task.id);
    createSimulatedWorker(source, { taskId: task.id.toUpperCase(), scenario: 'succeed', startDelayMs: 1_000, durationMs: 5_000 });
    await vi.advanceTimersByTimeAsync(7_000);
    expect(source.getTask(task.id)?.status).toBe('completed');
  });

  it('succeed: progress with heartbeats, then completed', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    createSimulatedWorker(source, { taskId: task.id, scenario: 'succeed', startDelayMs: 1_000, durationMs: 10_000, result: { url: 'u' } });
    const progress: Array<number | null> = [];
    for (let i = 0; i < 12; i += 1) {
      await vi.advanceTimersByTimeAsync(1_000);
      progress.push(source.getTask(task.id)!.progress);
    }
    expect(source.getTask(task.id)).toMatchObject({ status: 'completed', result: { url: 'u' } });
    expect(progress.filter((p, i) => p !== null && p !== progress[i - 1])).toEqual([0.2, 0.4, 0.6, 0.8, 1]); // complete_task sets 1
  });

  it('fail: fails with worker_error', async () => {
    const { row } = await run('fail', 20_000);
    expect(row).toMatchObject({ status: 'failed', error_code: 'worker_error' });
  });

  it('crash_before_claim: stays pending and turns stuck (not_picked_up)', async () => {
    const { row, health, worker } = await run('crash_before_claim', 31 * MIN);
    expect(worker.claimed).toEqual([]);
    expect(row.status).toBe('pending');
    expect(health).toMatchObject({ state: 'stuck', reason: 'not_picked_up' });
  });

  it('crash_mid_task: heartbeats stop half way and the task turns stuck (no_heartbeat)', async () => {
    const { row, health } = await run('crash_mid_task', 21 * MIN);
    expect(row).toMatchObject({ status: 'processing', progress: 0.4 });
    expect(health).toMatchObject({ state: 'stuck', reason: 'no_heartbeat' });
  });

  it('hang: beats forever without progress until max runtime catches it', async () => {
    const early = await run('hang', 60 * MIN);
    expect(early.health.state).toBe('ok');
    expect(early.row.progress).toBe(0);
    // Stuck inside its first step while a heartbeat keeps going: never "step 211 of 5".
    expect(early.row.progress_message).toBe('step 1 of 5');
    const late = await run('hang', 121 * MIN);
    expect(late.health).toMatchObject({ state: 'stuck', reason: 'running_too_long' });
  });

  it('slow_but_alive: never looks stuck and completes', async () => {
    const { row } = await run('slow_but_alive', 120_000);
    expect(row.status).toBe('completed');
  });

  it('honours cancel at the next heartbeat; ignore_cancel leaves it to the reaper', async () => {
    const polite = await run('succeed', 5_000, 2_500);
    expect(polite.row.status).toBe('cancelled');
    const rude = await run('ignore_cancel', 3 * MIN, 2_500, 10 * MIN); // a 100-minute run
    expect(rude.row).toMatchObject({ status: 'processing', cancel_requested_at: expect.any(String) });
    expect(rude.health).toMatchObject({ state: 'stuck', reason: 'cancel_not_acknowledged' });
    expect(rude.source.reap().cancel_timeout).toBe(1);
  });

  it('without a task id, takes every pending task of its type as it appears', async () => {
    const source = createMemorySource();
    const worker = createSimulatedWorker(source, { type: 'export', scenario: 'succeed', startDelayMs: 100, durationMs: 1_000 });
    const a = (await source.submit('export', {})).task;
    const other = (await source.submit('other', {})).task;
    await vi.advanceTimersByTimeAsync(500);
    const b = (await source.submit('export', {})).task;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(worker.claimed).toEqual([a.id, b.id]);
    expect(source.getTask(other.id)?.status).toBe('pending');
    worker.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
