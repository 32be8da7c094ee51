// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

const MIN = 60_000;
const ROUND_TRIP = 400;

withFakeClock();

/**
 * A server that reads its clock at the end of the round trip, where the client assumes the middle:
 * the client's estimate of the server clock runs ROUND_TRIP / 2 ahead of it, the most a sample
 * with that round trip allows.
 */
function lateClockSource(): MemorySource {
  const memory = createMemorySource({ realtime: false });
  return Object.assign(Object.create(memory) as MemorySource, {
    serverTime: async () => {
      await new Promise((resolve) => setTimeout(resolve, ROUND_TRIP));
      return memory.serverNow();
    },
  });
}

describe('stuck and the uncertainty of the server clock estimate', () => {
  it('says stuck only once the server agrees, so a Retry pressed at that moment is accepted', async () => {
    const source = lateClockSource();
    const { task } = await source.submit('export', {});
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    // The server's rule: stuck once more than pendingTimeout has passed since created_at.
    const serverStuckAt = Date.parse(task.created_at) + 30 * MIN;
    await advance(serverStuckAt - ROUND_TRIP - Date.now());
    expect(log.at(-1)).toMatchObject({ status: 'pending', health: { state: 'slow' } });
    while (log.at(-1)?.health.state !== 'stuck') await advance(25);
    expect(source.serverNow()).toBeGreaterThan(serverStuckAt);
    expect(log.at(-1)?.canRetry).toBe(true);
    let result: Awaited<ReturnType<TaskStatusResult['retry']>>;
    await act(async () => {
      result = await log.at(-1)!.retry();
    });
    expect(log.at(-1)?.error).toBeNull();
    expect(result!).toMatchObject({ created: true, task: { status: 'pending', retry_of: task.id } });
    expect(source.getTask(task.id)).toMatchObject({ status: 'failed', error_code: 'pending_timeout' });
  });
});
