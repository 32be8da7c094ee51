// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

const MIN = 60_000;

describe('source thresholds that load after the clock', () => {
  it('judges a task on its type thresholds, never on the seed defaults meanwhile', async () => {
    // Long renders: a heartbeat every hour is healthy for this type (seed: stuck after 20 min).
    const source = createMemorySource({ realtime: false, types: { render: { heartbeatWarnAfterMs: 90 * MIN, heartbeatTimeoutMs: 120 * MIN } } });
    const { task } = source.store.submit('render', {});
    const claimed = source.worker.claim(task.id)!;
    const beatAt = new Date(Date.now() - 30 * MIN).toISOString();
    source.putTask({ ...claimed, heartbeat_at: beatAt, started_at: beatAt, updated_at: beatAt });
    const fetchThresholds = source.fetchThresholds;
    source.fetchThresholds = async (signal) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // a slower read than the clock's
      return fetchThresholds(signal);
    };
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, liveElapsed: false }} />);
    await advance(3_000);
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'ok' }, thresholds: { heartbeatTimeoutMs: 120 * MIN } });
    expect(log.map((r) => r.health.state)).not.toContain('stuck');
    expect(onStuck).not.toHaveBeenCalled();
  });
});
