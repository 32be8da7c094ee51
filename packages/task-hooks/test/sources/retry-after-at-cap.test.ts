// A Retry-After wait is jittered (x 1 to 1.5) and capped (reconnect.maxDelayMs for the stream,
// maxBackoffMs for the reads). Jittered first and capped after, a wait at or above the cap (a CDN's
// or a maintenance page's Retry-After: 60, 120, 3600; the cap is 30 s by default) was cut to the
// cap itself, so every tab refused together came back in the same millisecond, every 30 s.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpSource } from '../../src/sources/http';
import { recorder } from './helpers/recorder';

afterEach(() => vi.useRealTimers());

function streamingTab(fetchImpl: () => Promise<Response>, reconnect: { initialDelayMs: number; maxDelayMs: number }) {
  const at: number[] = [];
  const source = createHttpSource({
    baseUrl: 'http://app.test/api/tasks',
    fetch: (async () => {
      at.push(Date.now());
      return fetchImpl();
    }) as unknown as typeof fetch,
    EventSource: null,
    reconnect,
    wakeEvents: () => () => undefined,
  });
  const unsubscribe = source.subscribe!(recorder());
  return { at, stop: unsubscribe };
}

describe('a Retry-After at or above the reconnect cap', () => {
  it('still spreads tabs refused together (Retry-After: 60, cap 30 s)', async () => {
    vi.useFakeTimers();
    const refused = async () => new Response('busy', { status: 503, headers: { 'retry-after': '60' } });
    const tabs = Array.from({ length: 20 }, () => streamingTab(refused, { initialDelayMs: 1_000, maxDelayMs: 30_000 }));
    await vi.advanceTimersByTimeAsync(31_000);
    tabs.forEach((tab) => tab.stop());
    const second = tabs.map((tab) => tab.at[1]!);
    expect(second.every((at) => at !== undefined)).toBe(true);
    expect(Math.max(...second) - Math.min(...second)).toBeGreaterThanOrEqual(1_000);
  });
});
