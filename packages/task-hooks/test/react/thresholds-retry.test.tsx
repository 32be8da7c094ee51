// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

const MIN = 60_000;

describe('a read of the thresholds that fails once, at page load', () => {
  it('is read again, so a long type is not called stuck on the seed defaults for the rest of the session', async () => {
    // Long renders: a heartbeat every hour is healthy for this type (seed: stuck after 20 min).
    const source = createMemorySource({ realtime: false, types: { render: { heartbeatWarnAfterMs: 90 * MIN, heartbeatTimeoutMs: 120 * MIN } } });
    const { task } = source.store.submit('render', {});
    source.worker.claim(task.id); // and beats hourly: never again within this test
    const fetchThresholds = source.fetchThresholds;
    let calls = 0;
    source.fetchThresholds = async (signal) => {
      calls += 1;
      if (calls === 1) throw new TaskError('network', 'network: a blip at page load');
      return fetchThresholds(signal);
    };
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck, liveElapsed: false, pollInterval: 60_000 }} />);
    await advance(30 * MIN); // 30 min of silence is fine for this type
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'ok' }, thresholds: { heartbeatTimeoutMs: 120 * MIN } });
    expect(onStuck).not.toHaveBeenCalled();
  });
});
