// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

const THRESHOLDS = { default: { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 } };
const SLEEP = 10 * 60_000;

/**
 * A laptop that sleeps: the wall clock (and the server's) moves on, the monotonic clock does not
 * (performance.now() stands still through a sleep in Chrome and Safari on macOS), so the client
 * sees its wall clock jump and must measure the server clock again.
 */
const sleep = (ms: number) => vi.setSystemTime(Date.now() + ms);

async function stuckTask(latencyMs: number): Promise<TaskStatusResult[]> {
  const source = createMemorySource({ realtime: false });
  const { task } = source.store.submit('export', {});
  source.worker.claim(task.id); // and never beats again
  source.setLatency(latencyMs);
  const log: TaskStatusResult[] = [];
  renderWithSource(source, <Probe id={task.id} log={log} />, { thresholds: THRESHOLDS });
  await advance(10_000);
  expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'stuck' }, canRetry: true });
  return log;
}

describe('a stuck task across a sleep of the device', () => {
  it('stays stuck while the clock is measured again (no flash of "ok", no Retry taken away)', async () => {
    const log = await stuckTask(200);
    const from = log.length;
    sleep(SLEEP);
    await advance(3_000);
    const after = log.slice(from);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((r) => r.health.state !== 'stuck' || r.elapsedMs === null)).toEqual([]);
  });
});
