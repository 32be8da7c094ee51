// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, withFakeClock } from './harness';
import { renderWithSource } from './harness';

withFakeClock();

const HOUR = 3_600_000;

describe('a client clock that jumps mid-session', () => {
  it.each([
    ['forward', HOUR],
    ['back', -HOUR],
  ])('keeps judging on the server clock after the local clock jumps %s an hour', async (_, jumpMs) => {
    // The server's clock runs with fake time but not with the local wall clock the test moves.
    const start = Date.now();
    const origin = performance.now();
    const source = createMemorySource({ realtime: false, now: () => start + (performance.now() - origin) });
    const { task } = source.store.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    const beat = setInterval(() => source.worker.heartbeat(task.id, claimed.attempt), 1_000);
    const log: TaskStatusResult[] = [];
    const onStuck = vi.fn();
    renderWithSource(source, <Probe id={task.id} log={log} options={{ onStuck }} />);
    await advance(3_000);
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'ok' } });
    vi.setSystemTime(Date.now() + jumpMs); // NTP, a manual change, a VM resumed: the server did not move
    await advance(10_000);
    expect(log.at(-1)).toMatchObject({ status: 'processing', health: { state: 'ok' }, canRetry: false });
    expect(log.at(-1)!.elapsedMs).toBeGreaterThanOrEqual(12_000); // 13 s of server time
    expect(log.at(-1)!.elapsedMs).toBeLessThan(15_000);
    expect(onStuck).not.toHaveBeenCalled();
    clearInterval(beat);
    source.worker.complete(task.id, claimed.attempt);
    await advance(2_500); // polling goes on at its interval
    expect(log.at(-1)).toMatchObject({ status: 'completed' });
  });

  it('measures the clock again within seconds while realtime spares the polls', async () => {
    const start = Date.now();
    const origin = performance.now();
    const source = createMemorySource({ now: () => start + (performance.now() - origin) });
    const { task } = source.store.submit('export', {});
    source.worker.claim(task.id);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} />);
    await advance(3_000);
    expect(log.at(-1)).toMatchObject({ connection: 'realtime', elapsedMs: 3_000 });
    vi.setSystemTime(Date.now() + HOUR);
    await advance(3_000); // the safety poll is 30 s away
    expect(log.at(-1)).toMatchObject({ health: { state: 'ok' }, elapsedMs: 6_000 });
  });
});
