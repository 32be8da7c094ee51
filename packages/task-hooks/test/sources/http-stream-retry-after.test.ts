// The fetch reader's reconnect after the server refused the stream for a while (503 or 429 with
// Retry-After): the server's own handler answers, its database unreachable.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { createTaskHttpHandler } from '../../src/server';
import { createHttpSource } from '../../src/sources/http';
import { recorder } from './helpers/recorder';

afterEach(() => vi.useRealTimers());

describe('stream reconnect after a 503 with Retry-After', () => {
  it('waits at least the Retry-After the server asked for before opening the stream again', async () => {
    vi.useFakeTimers();
    const handler = createTaskHttpHandler({
      basePath: '/api/tasks',
      getSource: async () => {
        throw new TaskError('network', 'connect ECONNREFUSED 127.0.0.1:5432');
      },
    });
    const at: number[] = [];
    const fetchImpl = (async (input: string, init?: RequestInit) => {
      at.push(Date.now());
      return handler(new Request(input, init));
    }) as typeof fetch;
    const source = createHttpSource({
      baseUrl: 'http://app.test/api/tasks',
      fetch: fetchImpl,
      EventSource: null,
      reconnect: { initialDelayMs: 100, maxDelayMs: 60_000 },
      wakeEvents: () => () => undefined,
    });
    const stop = source.subscribe!(recorder());
    await vi.advanceTimersByTimeAsync(4_900);
    // The handler answers `Retry-After: 5`: one request so far, not one every 50-100 ms, doubling.
    expect(at).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(at).toHaveLength(2);
    stop();
  });
});
