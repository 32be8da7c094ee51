// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

const MIN = 60_000;
const COLD_START = 3_000;
const ROUND_TRIP = 40;

withFakeClock();

/**
 * A server whose first answer comes after a cold start (reading its clock at the end of it, where
 * the client assumes the middle) and whose later ones come fast: one slow clock sample out of three.
 */
function coldStartSource(): MemorySource {
  const memory = createMemorySource({ realtime: false });
  let calls = 0;
  return Object.assign(Object.create(memory) as MemorySource, {
    serverTime: async () => {
      const wait = calls++ === 0 ? COLD_START : ROUND_TRIP / 2;
      await new Promise((resolve) => setTimeout(resolve, wait));
      const now = memory.serverNow();
      await new Promise((resolve) => setTimeout(resolve, calls === 1 ? 0 : ROUND_TRIP / 2));
      return now;
    },
  });
}

describe('one slow sample of the server clock', () => {
  it('does not delay every stuck verdict of the session by half its round trip', async () => {
    const source = coldStartSource();
    const { task } = await source.submit('export', {});
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    const serverStuckAt = Date.parse(task.created_at) + 30 * MIN; // the database's rule, on its clock
    await advance(serverStuckAt - Date.now());
    while (log.at(-1)?.health.state !== 'stuck') await advance(25);
    // Within the 1 s budget for flagging (the fast samples pin the clock to a few ms), and never early.
    expect(source.serverNow()).toBeGreaterThan(serverStuckAt);
    expect(source.serverNow() - serverStuckAt).toBeLessThanOrEqual(1_000);
  });
});
