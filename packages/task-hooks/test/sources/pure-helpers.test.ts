// The pure parts of the sources: reconnect backoff, the SSE parser, PostgreSQL interval text.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/core/thresholds';
import { backoffWithAdvice } from '../../src/sources/http/retry-advice';
import { MAX_PENDING_SSE_CHARS, SseParser, type SseEvent } from '../../src/sources/http/sse-parser';
import { reconnectDelay } from '../../src/sources/supabase/backoff';
import { intervalToMs } from '../../src/sources/supabase/rows';
import { thresholdsByType } from '../../src/sources/thresholds-by-type';

describe('reconnectDelay', () => {
  it('doubles from 1 s, caps at 30 s, and never falls below half the nominal delay', () => {
    expect([0, 1, 2, 5, 20].map((n) => reconnectDelay(n, {}, () => 1))).toEqual([1_000, 2_000, 4_000, 30_000, 30_000]);
    expect([0, 1, 2, 5, 20].map((n) => reconnectDelay(n, {}, () => 0))).toEqual([500, 1_000, 2_000, 15_000, 15_000]);
    expect(reconnectDelay(3, { initialDelayMs: 50, maxDelayMs: 200 }, () => 1)).toBe(200);
  });
});

describe('reconnectDelay with options that are not a usable delay', () => {
  it('falls back to the defaults instead of reconnecting in a loop (an unset environment variable is NaN)', () => {
    for (const initialDelayMs of [Number.NaN, 0, -5, Number.POSITIVE_INFINITY]) {
      expect(reconnectDelay(0, { initialDelayMs }, () => 0), String(initialDelayMs)).toBe(500);
    }
    for (const maxDelayMs of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(reconnectDelay(40, { maxDelayMs }, () => 1), String(maxDelayMs)).toBe(30_000);
    }
    // 2 ** 31 ms and more overflow setTimeout, which then fires after 1 ms: a cap meant as "none"
    // (Number.MAX_SAFE_INTEGER) reconnected in a loop once the doubling passed it.
    for (const tooLong of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
      expect(reconnectDelay(40, { maxDelayMs: tooLong }, () => 1), String(tooLong)).toBe(30_000);
      expect(reconnectDelay(0, { initialDelayMs: tooLong }, () => 0), String(tooLong)).toBe(500);
    }
    expect(reconnectDelay(40, { maxDelayMs: 2 ** 31 - 1 }, () => 1)).toBe(2 ** 31 - 1);
    // The http source starts from the server's `retry:` advice: a NaN there falls back too.
    expect(reconnectDelay(0, backoffWithAdvice({ initialDelayMs: Number.NaN }, 2_000), () => 1)).toBeGreaterThanOrEqual(1_000);
  });
});

describe('backoffWithAdvice', () => {
  it('starts from the server\'s retry advice, not below 250 ms (or a shorter configured first delay), not above the cap', () => {
    expect(backoffWithAdvice({}, undefined)).toEqual({});
    expect(backoffWithAdvice({}, 2_000)).toEqual({ initialDelayMs: 2_000, maxDelayMs: 30_000 });
    expect(backoffWithAdvice({}, 0)).toEqual({ initialDelayMs: 250, maxDelayMs: 30_000 });
    expect(backoffWithAdvice({ initialDelayMs: 100, maxDelayMs: 5_000 }, 0)).toEqual({ initialDelayMs: 100, maxDelayMs: 5_000 });
    expect(backoffWithAdvice({ maxDelayMs: 5_000 }, 60_000)).toEqual({ initialDelayMs: 5_000, maxDelayMs: 5_000 });
    // A configured first delay above maxDelayMs is the cap, and stays the cap.
    expect(backoffWithAdvice({ initialDelayMs: 8_000, maxDelayMs: 5_000 }, 1_000)).toEqual({ initialDelayMs: 1_000, maxDelayMs: 8_000 });
    expect([0, 1, 2].map((n) => reconnectDelay(n, backoffWithAdvice({}, 2_000), () => 1))).toEqual([2_000, 4_000, 8_000]);
  });
});

describe('SseParser', () => {
  it('reads events split anywhere, with CRLF, comments, ids and retry', () => {
    const events: SseEvent[] = [];
    const parser = new SseParser((event) => events.push(event));
    const stream = 'retry: 2000\r\n\r\n: ping\r\n\r\nid: 7\r\nevent: task\r\ndata: {"id":"a"}\r\n\r\nevent: reset\ndata: {}\n\ndata: one\ndata: two\n\n';
    for (let i = 0; i < stream.length; i += 3) parser.push(stream.slice(i, i + 3));
    expect(events).toEqual([
      { type: 'task', data: '{"id":"a"}', lastEventId: '7' },
      { type: 'reset', data: '{}', lastEventId: '7' },
      { type: 'message', data: 'one\ntwo', lastEventId: '7' },
    ]);
    expect(parser.retryMs).toBe(2000);
  });

  it('takes an id as the last event id only when its event is dispatched (the spec\'s last event ID buffer)', () => {
    const parser = new SseParser(() => undefined);
    parser.lastEventId = '6'; // resumed from an earlier connection
    parser.push('data: no id\n\n');
    expect(parser.lastEventId).toBe('6');
    parser.push('id: 7\ndata: {}\n\nid: 8\nevent: task\n');
    expect(parser.lastEventId).toBe('7'); // event 8 is not complete
    parser.push('data: {}\n\n');
    expect(parser.lastEventId).toBe('8');
  });

  it('dispatches an event whose lines end in CR alone as soon as its blank line arrives, not at the next chunk', () => {
    const events: SseEvent[] = [];
    const parser = new SseParser((event) => events.push(event));
    // A server on CR line endings (the spec allows them), each event in one write: the hint must
    // not wait for the next ping, 15 s later.
    parser.push('id: 1\revent: task\rdata: {"id":"a"}\r\r');
    expect(events).toEqual([{ type: 'task', data: '{"id":"a"}', lastEventId: '1' }]);
    // A CRLF split between two chunks is still one line end, not a line end and a blank line.
    parser.push('data: one\r');
    parser.push('\ndata: two\r');
    parser.push('');
    parser.push('\n\r\n');
    expect(events.slice(1)).toEqual([{ type: 'message', data: 'one\ntwo', lastEventId: '1' }]);
  });

  it('counts only the event still arriving against its cap: a long stream of finished events is read to its end', () => {
    let received = 0;
    const parser = new SseParser(() => void (received += 1));
    const event = `event: task\ndata: ${'x'.repeat(1_000)}\n\n`;
    for (let i = 0; i < 3_000; i += 1) parser.push(event); // 3 MB in all, well over the cap
    expect(received).toBe(3_000);
    // A single event just under the cap, its data split over lines and chunks, is still read.
    const line = `data: ${'y'.repeat(1_000)}\n`;
    for (let i = 0; i < Math.floor(MAX_PENDING_SSE_CHARS / 1_001) - 1; i += 1) parser.push(line);
    parser.push('\n');
    expect(received).toBe(3_001);
  });
});

describe('intervalToMs', () => {
  it('reads the postgres and iso_8601 interval styles', () => {
    expect(intervalToMs('00:10:00')).toBe(600_000);
    expect(intervalToMs('02:00:00')).toBe(7_200_000);
    expect(intervalToMs('1 day 02:00:00.5')).toBe(93_600_500);
    expect(intervalToMs('3 days')).toBe(259_200_000);
    expect(intervalToMs('PT2M')).toBe(120_000);
    expect(intervalToMs('P1DT1H')).toBe(90_000_000);
    expect(() => intervalToMs('soon')).toThrow(/Unreadable interval/);
  });
});

describe('thresholdsByType where `process` is not defined (a Worker runtime without Node compat)', () => {
  it('still leaves out only the malformed row, instead of failing the whole read', () => {
    const rows = [['ok', { ...DEFAULT_THRESHOLDS }], ['bad', { ...DEFAULT_THRESHOLDS, maxRuntimeMs: -1 }]] as const;
    // Removed, not set to undefined, so that reading it is the ReferenceError such a runtime throws.
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
    let result: unknown;
    Reflect.deleteProperty(globalThis, 'process');
    try {
      result = thresholdsByType('test', rows);
    } catch (error) {
      result = error;
    } finally {
      Object.defineProperty(globalThis, 'process', descriptor);
    }
    expect(result).toEqual({ ok: DEFAULT_THRESHOLDS });
  });
});
