// The JSDoc example of createSimulatedWorker, run as written, with the default timings.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { computeHealth } from '../../src/core/health';
import { DEFAULT_THRESHOLDS } from '../../src/core/thresholds';
import { createMemorySource } from '../../src/testing/memory-source';
import { createSimulatedWorker } from '../../src/testing/simulated-worker';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createSimulatedWorker example', () => {
  it('crash_mid_task with the defaults is stuck after 21 minutes, only slow after 20', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const worker = createSimulatedWorker(source, { taskId: task.id, scenario: 'crash_mid_task' });
    const health = () => computeHealth(source.getTask(task.id)!, DEFAULT_THRESHOLDS, source.serverNow()).state;
    // The last heartbeat is 2.5 s in (claim at 0.5 s, a beat every second, silence from the third
    // step), so 20 minutes later it is 19:57.5 old: not yet past the 20-minute heartbeat timeout.
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(health()).toBe('slow');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(health()).toBe('stuck');
    worker.stop();
  });
});
