// The fetch reader's reconnect after the server refused the stream for a while (503 or 429 with
// Retry-After): the server's own handler answers, its database unreachable.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { createTaskHttpHandler } from '../../src/server';
import { createHttpSource } from '../../src/sources/http';
import { recorder } from './helpers/recorder';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** The contract's handler with its database unreachable: every stream is refused 503, Retry-After: 5. */
const refusingHandler = () =>
  createTaskHttpHandler({
    basePath: '/api/tasks',
    getSource: async () => {
      throw new TaskError('network', 'connect ECONNREFUSED 127.0.0.1:5432');
    },
  });

/** An http source reading the stream with `fetchImpl`, recording when each request was sent. */
function streamingTab(fetchImpl: (request: Request) => Promise<Response>, reconnect = { initialDelayMs: 100, maxDelayMs: 60_000 }) {
  const at: number[] = [];
  const source = createHttpSource({
    baseUrl: 'http://app.test/api/tasks',
    fetch: (async (input: string, init?: RequestInit) => {
      at.push(Date.now());
      return fetchImpl(new Request(input, init));
    }) as typeof fetch,
    EventSource: null,
    reconnect,
    wakeEvents: () => () => undefined,
  });
  return { at, stop: source.subscribe!(recorder()) };
}

describe('stream reconnect after a 503 with Retry-After', () => {
  it('waits at least the Retry-After the server asked for, and at most half as long again', async () => {
    vi.useFakeTimers();
    const tab = streamingTab(refusingHandler());
    await vi.advanceTimersByTimeAsync(4_999);
    // The handler answers `Retry-After: 5`: one request so far, not one every 50-100 ms, doubling.
    expect(tab.at).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_600);
    expect(tab.at).toHaveLength(2);
    const gap = tab.at[1]! - tab.at[0]!;
    expect(gap).toBeGreaterThanOrEqual(5_000);
    expect(gap).toBeLessThanOrEqual(7_500);
    tab.stop();
  });

  it('does not bring every tab refused together back in the same millisecond', async () => {
    vi.useFakeTimers();
    const handler = refusingHandler();
    // The backoff's own first delay (0.5-1 s) is below the server's wait: only the jitter on top
    // of that wait spreads the tabs.
    const tabs = Array.from({ length: 20 }, () => streamingTab(handler, { initialDelayMs: 1_000, maxDelayMs: 30_000 }));
    await vi.advanceTimersByTimeAsync(12_000);
    tabs.forEach((tab) => tab.stop());
    const second = tabs.map((tab) => tab.at[1]!);
    expect(second.every((at) => at !== undefined)).toBe(true);
    expect(Math.max(...second) - Math.min(...second)).toBeGreaterThanOrEqual(1_000);
  });

  it('waits the whole Retry-After when it equals the cap (30 s of 30 s)', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const tab = streamingTab(async () => new Response('busy', { status: 503, headers: { 'retry-after': '30' } }), { initialDelayMs: 1_000, maxDelayMs: 30_000 });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(tab.at).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(tab.at).toHaveLength(2);
    tab.stop();
  });

  it('waits no longer than the reconnect cap, however long the Retry-After', async () => {
    vi.useFakeTimers();
    const tab = streamingTab(async () => new Response('busy', { status: 503, headers: { 'retry-after': '86400' } }), { initialDelayMs: 100, maxDelayMs: 10_000 });
    // Jittered below the cap (two thirds of it, up to half as long again), so tabs still spread.
    await vi.advanceTimersByTimeAsync(6_666);
    expect(tab.at).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_334);
    expect(tab.at).toHaveLength(2);
    tab.stop();
  });

  // Jittered first and capped after, a wait at or above the cap (a CDN's or a maintenance page's
  // Retry-After: 60, 120, 3600) was cut to the cap itself: every tab refused together came back in
  // the same millisecond, every time.
  it('honours a Retry-After just below the cap (8 s of 10 s): no reconnect sooner', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const tab = streamingTab(async () => new Response('busy', { status: 503, headers: { 'retry-after': '8' } }), { initialDelayMs: 100, maxDelayMs: 10_000 });
    await vi.advanceTimersByTimeAsync(7_999);
    expect(tab.at).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(tab.at).toHaveLength(2);
    tab.stop();
  });

  // Spread from min(wait, two thirds of the cap) and then raised to the wait, a wait between two
  // thirds of the cap and the cap sent most tabs back in the same millisecond (12 of 40 for 8 s
  // under a 10 s cap).
  it('spreads tabs refused together when the Retry-After is near the cap (8 s of 10 s)', async () => {
    vi.useFakeTimers();
    const refused = async () => new Response('busy', { status: 503, headers: { 'retry-after': '8' } });
    const tabs = Array.from({ length: 20 }, () => streamingTab(refused, { initialDelayMs: 1_000, maxDelayMs: 10_000 }));
    await vi.advanceTimersByTimeAsync(10_000);
    tabs.forEach((tab) => tab.stop());
    const second = tabs.map((tab) => tab.at[1]!);
    expect(Math.min(...second) - tabs[0]!.at[0]!).toBeGreaterThanOrEqual(8_000);
    expect(new Set(second).size).toBeGreaterThanOrEqual(15); // 20 tabs, almost all apart
  });

  it('still spreads tabs refused together when the Retry-After is beyond the cap', async () => {
    vi.useFakeTimers();
    const refused = async () => new Response('busy', { status: 503, headers: { 'retry-after': '60' } });
    const tabs = Array.from({ length: 20 }, () => streamingTab(refused, { initialDelayMs: 1_000, maxDelayMs: 30_000 }));
    await vi.advanceTimersByTimeAsync(31_000);
    tabs.forEach((tab) => tab.stop());
    const second = tabs.map((tab) => tab.at[1]);
    expect(second.every((at) => at !== undefined)).toBe(true);
    expect(Math.max(...(second as number[])) - Math.min(...(second as number[]))).toBeGreaterThanOrEqual(1_000);
  });

  it('reads a Retry-After given as an HTTP date, and a date gone by as no wait', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-05T10:00:00Z') });
    // The top of the spread (8 s and half again): the next reconnect must still fit the window below.
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const tab = streamingTab(async () => new Response('busy', { status: 503, headers: { 'retry-after': 'Sat, 05 Dec 2026 10:00:08 GMT' } }));
    await vi.advanceTimersByTimeAsync(7_999);
    expect(tab.at).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4_501);
    const [first, second, third] = tab.at;
    expect(second! - first!).toBe(12_000);
    // The second refusal's date has gone by: the backoff's own delay (0.1-0.2 s), not another wait.
    expect(third! - second!).toBeLessThanOrEqual(200);
    tab.stop();
  });
});
