// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { onlineManager } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ThresholdsByType } from '../../src/core/thresholds';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

// An option read from the environment (`Number(process.env.X)`) is NaN when the variable is unset.
// Every interval already falls back to its default then; these two did not, and a NaN window
// switched the offline hold off.
const THRESHOLDS: ThresholdsByType = { default: { heartbeatWarnAfterMs: 3_000, heartbeatTimeoutMs: 8_000 } };

withFakeClock();

// null: a JavaScript caller's or a JSON config's; 2 ** 31: past what setInterval takes (it fires every 1 ms).
describe.each([NaN, Infinity, -1, null as unknown as number, 2 ** 31])('a window or tick of %s keeps its default', (bad) => {
  it('verifyWindowMs: the device offline still holds health at the last read (no false "stuck")', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id); // claimed, then never beats: stuck by time alone once offline
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ pollInterval: 1_000 }} />, {
      thresholds: THRESHOLDS,
      verifyWindowMs: bad,
    });
    await advance(1_000);
    act(() => {
      source.setOffline(true);
      onlineManager.setOnline(false);
    });
    await advance(20_000);
    expect(log.at(-1)?.health.state).toBe('ok');
    act(() => {
      source.setOffline(false);
      onlineManager.setOnline(true);
    });
    await advance(1_000); // the first read back confirms it, so it shows
    expect(log.at(-1)?.health.state).toBe('stuck');
  });

  it('elapsedTickMs: elapsedMs counts up once a second', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ pollInterval: 60_000 }} />, { elapsedTickMs: bad });
    await advance(1_000);
    const before = log.length;
    await advance(5_000);
    expect(log.length - before).toBeGreaterThanOrEqual(5);
    expect(log.length - before).toBeLessThanOrEqual(6);
    expect(log.at(-1)?.elapsedMs).toBeGreaterThanOrEqual(5_900);
  });
});
