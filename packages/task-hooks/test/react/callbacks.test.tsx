// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, flush, renderWithSource, withFakeClock } from './harness';

withFakeClock();

const MIN = 60_000;

describe('callbacks across retargets and StrictMode', () => {
  it('calls onStuck once per episode and onComplete once per id across A → B → A in StrictMode', async () => {
    const source = createMemorySource({ realtime: false });
    const a = source.store.submit('export', {}).task;
    const b = source.store.submit('export', {}).task;
    const claimedA = source.worker.claim(a.id)!;
    source.worker.claim(b.id);
    const onStuck = vi.fn();
    const onComplete = vi.fn();
    const log: TaskStatusResult[] = [];
    const options = { onStuck, onComplete, liveElapsed: false };
    const { rerenderWith } = renderWithSource(source, <Probe id={a.id} log={log} options={options} />, { strict: true });
    await advance(21 * MIN); // no heartbeat for 20 min: both stuck
    expect(log.at(-1)).toMatchObject({ task: { id: a.id }, health: { state: 'stuck' } });
    expect(onStuck).toHaveBeenCalledTimes(1);
    rerenderWith(<Probe id={b.id} log={log} options={options} />);
    await advance(1_000);
    expect(log.at(-1)).toMatchObject({ task: { id: b.id }, health: { state: 'stuck' } });
    expect(onStuck).toHaveBeenCalledTimes(2);
    rerenderWith(<Probe id={a.id} log={log} options={options} />);
    await advance(1_000);
    expect(onStuck).toHaveBeenCalledTimes(2); // the same episode of A
    source.worker.complete(a.id, claimedA.attempt);
    await advance(2_000);
    expect(log.at(-1)).toMatchObject({ task: { id: a.id }, status: 'completed' });
    rerenderWith(<Probe id={b.id} log={log} options={options} />);
    await flush();
    rerenderWith(<Probe id={a.id} log={log} options={options} />);
    await advance(2_000);
    expect(onComplete).toHaveBeenCalledTimes(1);
  });
});
