// @vitest-environment jsdom
// The development warning for a push channel that says it is live and delivers nothing (on
// Supabase: the table missing from the publication, or RLS that Realtime cannot pass).
import { describe, expect, it, vi } from 'vitest';
import { MISSED_EVENT_GRACE_MS, warnOnMissedEvents } from '../../src/react/missed-events';
import type { TaskStatusResult } from '../../src/react/types';
import type { SubscribeHandlers } from '../../src/sources/source';
import { createMemorySource, type MemorySource } from '../../src/testing/memory-source';
import { Probe, advance, flush, renderWithSource, withFakeClock } from './harness';

withFakeClock();

/** A memory source whose channel reports `realtime` and then never says a word. */
function deafChannel(source: MemorySource): MemorySource {
  source.subscribe = (handlers) => {
    queueMicrotask(() => handlers.onConnection('realtime'));
    return () => undefined;
  };
  return source;
}

/** Drives the wrapper by hand: its channel handlers and its reads, on the fake clock. */
async function wrapped(source: MemorySource) {
  const warn = vi.fn<(message: string) => void>();
  const reads = warnOnMissedEvents(source, warn);
  let channel!: SubscribeHandlers;
  const inner = source.subscribe!.bind(source);
  source.subscribe = (handlers) => {
    channel = handlers;
    return inner(handlers);
  };
  reads.subscribe!({ onHint: () => undefined, onConnection: () => undefined });
  const { task } = source.store.submit('export', {});
  const read = () => reads.fetchTasks([task.id]);
  return { warn, channel: () => channel, read, task };
}

describe('missed realtime events (development only)', () => {
  it('a live channel that never announces a change: one warning that names the task and where to look', async () => {
    const source = deafChannel(createMemorySource());
    const { task } = await source.submit('export', {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await flush();
    expect(log.at(-1)).toMatchObject({ status: 'pending', connection: 'realtime' });
    await advance(1_000); // so that the claim moves updated_at
    const claimed = source.worker.claim(task.id)!;
    await advance(30_000); // the safety poll finds the change nobody announced
    expect(log.at(-1)).toMatchObject({ status: 'processing' });
    expect(warn).not.toHaveBeenCalled(); // its event may still be on the way
    await advance(30_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain(task.id);
    expect(warn.mock.calls[0]![0]).toContain('supabase_realtime');
    source.worker.complete(task.id, claimed.attempt);
    await advance(120_000);
    expect(log.at(-1)).toMatchObject({ status: 'completed' });
    expect(warn).toHaveBeenCalledTimes(1); // once
  });

  it('stays silent when the channel announces every change (the memory source does)', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await flush();
    const claimed = source.worker.claim(task.id)!;
    for (let beat = 0; beat < 6; beat += 1) {
      await advance(20_000);
      source.worker.heartbeat(task.id, claimed.attempt, beat / 6);
    }
    source.worker.complete(task.id, claimed.attempt);
    await advance(60_000);
    expect(log.at(-1)).toMatchObject({ status: 'completed', connection: 'realtime' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('is left out of production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const source = deafChannel(createMemorySource());
      const { task } = await source.submit('export', {});
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      renderWithSource(source, <Probe id={task.id} log={[]} options={{ liveElapsed: false }} />);
      await flush();
      source.worker.claim(task.id);
      await advance(120_000);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('an event that arrives after the read that showed the change still counts as announced', async () => {
    const source = createMemorySource({ realtime: false }); // hints are given by hand below
    source.subscribe = (handlers) => (handlers.onConnection('realtime'), () => undefined);
    const { warn, channel, read, task } = await wrapped(source);
    await read();
    vi.advanceTimersByTime(1);
    source.worker.claim(task.id);
    vi.advanceTimersByTime(1_000);
    await read(); // shows the change; its event is late
    vi.advanceTimersByTime(500);
    channel().onHint([task.id]);
    vi.advanceTimersByTime(MISSED_EVENT_GRACE_MS * 2);
    await read();
    expect(warn).not.toHaveBeenCalled();
  });

  it('a change made while the channel was down is not blamed on it', async () => {
    const source = createMemorySource({ realtime: false });
    source.subscribe = (handlers) => (handlers.onConnection('realtime'), () => undefined);
    const { warn, channel, read, task } = await wrapped(source);
    await read();
    channel().onConnection('polling');
    vi.advanceTimersByTime(1);
    source.worker.claim(task.id);
    vi.advanceTimersByTime(1_000);
    channel().onConnection('realtime'); // back, without a full hint (a source that forgets it)
    await read();
    vi.advanceTimersByTime(MISSED_EVENT_GRACE_MS * 2);
    await read();
    expect(warn).not.toHaveBeenCalled();
  });

  it('remembers a bounded number of ids (a long session sees many tasks come and go), the newest', async () => {
    const source = createMemorySource({ realtime: false });
    source.subscribe = (handlers) => (handlers.onConnection('realtime'), () => undefined);
    const warn = vi.fn<(message: string) => void>();
    const reads = warnOnMissedEvents(source, warn);
    reads.subscribe!({ onHint: () => undefined, onConnection: () => undefined });
    const ids = Array.from({ length: 1_200 }, () => source.store.submit('export', {}).task.id);
    for (let i = 0; i < ids.length; i += 100) await reads.fetchTasks(ids.slice(i, i + 100));
    const [oldest, newest] = [ids[0]!, ids.at(-1)!];
    vi.advanceTimersByTime(1);
    source.worker.claim(oldest);
    source.worker.claim(newest);
    vi.advanceTimersByTime(1_000);
    await reads.fetchTasks([oldest, newest]);
    vi.advanceTimersByTime(MISSED_EVENT_GRACE_MS);
    await reads.fetchTasks([newest]);
    // The oldest id was forgotten, so its change is not compared; the newest still is.
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain(newest);
    expect(warn.mock.calls[0]![0]).not.toContain(oldest);
  });

  it('warns for a change that stays unannounced past the grace period, and only then', async () => {
    const source = createMemorySource({ realtime: false });
    source.subscribe = (handlers) => (handlers.onConnection('realtime'), () => undefined);
    const { warn, read, task } = await wrapped(source);
    await read();
    vi.advanceTimersByTime(1);
    source.worker.claim(task.id);
    vi.advanceTimersByTime(1_000);
    await read();
    vi.advanceTimersByTime(MISSED_EVENT_GRACE_MS - 1);
    await read();
    expect(warn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    await read();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/memory source's realtime channel was live/);
  });
});
