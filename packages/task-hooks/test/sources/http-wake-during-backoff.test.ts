import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpSource } from '../../src/sources/http';
import { recorder } from './helpers/recorder';

afterEach(() => vi.useRealTimers());

describe('wake during a reconnect backoff', () => {
  it('does not leave two streams open, one of them orphaned after unsubscribe', async () => {
    vi.useFakeTimers();
    let requests = 0;
    const open: Array<{ cancelled: boolean }> = [];
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      requests += 1;
      if (requests === 1) return new Response('down', { status: 502 });
      const state = { cancelled: false };
      open.push(state);
      const body = new ReadableStream<Uint8Array>({
        start(c) { c.enqueue(new TextEncoder().encode(': hi\n\n')); },
        cancel() { state.cancelled = true; },
      });
      init.signal?.addEventListener('abort', () => { state.cancelled = true; });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    }) as typeof fetch;
    let wake: (() => void) | undefined;
    const source = createHttpSource({
      baseUrl: 'http://x/api/tasks', fetch: fetchImpl, EventSource: null,
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      wakeEvents: ({ onWake }) => ((wake = onWake), () => undefined),
    });
    const rec = recorder();
    const stop = source.subscribe!(rec);
    await vi.advanceTimersByTimeAsync(100); // first request failed: a retry waits 30-60 s
    expect(requests).toBe(1);
    await vi.advanceTimersByTimeAsync(29_000);
    vi.setSystemTime(Date.now() + 7_000); // tab hidden, comes back 36 s after the failed request
    wake!();
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(60_000); // the old retry timer fires too
    stop();
    await vi.advanceTimersByTimeAsync(100);
    expect(open.filter((s) => !s.cancelled)).toHaveLength(0);
    expect(requests).toBe(2);
  });
});
