// The http source's fetch-read stream from a server (or a broken proxy) that answers 200 and then
// sends bytes that never end an event: one line with no newline at all, or `data:` lines with no
// blank line after them. A real node HTTP server writes them for as long as the client reads.
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { createHttpSource } from '../../src/sources/http';
import { MAX_PENDING_SSE_CHARS } from '../../src/sources/http/sse-parser';
import { listen } from '../server/helpers/node-server';
import { recorder, waitFor } from './helpers/recorder';

/** Writes `chunk` every few ms until the client goes away; resolves with the characters written. */
function flood(response: ServerResponse, chunk: string): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    const timer = setInterval(() => {
      response.write(chunk);
      written += chunk.length;
    }, 2);
    response.on('close', () => {
      clearInterval(timer);
      resolve(written);
    });
  });
}

describe('http source reading a stream whose event never ends', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  let streams = 0;
  const floods: Array<Promise<number>> = [];
  beforeAll(async () => {
    server = await listen((request, response) => {
      if (!request.url?.endsWith('/stream')) {
        response.writeHead(404).end();
        return;
      }
      streams += 1;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('retry: 50\n\n');
      // First: no newline ever. Second: lines, but never the blank line that ends the event.
      // Then a well-behaved stream.
      if (streams === 1) floods.push(flood(response, 'x'.repeat(64 * 1024)));
      else if (streams === 2) floods.push(flood(response, `data: ${'y'.repeat(64 * 1024)}\n`));
      else response.write(': ping\n\n');
    });
  });
  afterAll(() => server.close());

  it('gives up on it past the pending-data cap (a protocol failure), polls meanwhile and reconnects', async () => {
    const source = createHttpSource({
      baseUrl: `${server.url}/api/tasks`,
      EventSource: null,
      reconnect: { initialDelayMs: 50, maxDelayMs: 100 },
      wakeEvents: () => () => undefined,
    });
    const rec = recorder();
    const stop = source.subscribe!(rec);
    try {
      await waitFor('the third, well-behaved stream open', () => streams === 3 && rec.states.at(-1) === 'realtime', 10_000);
      // Each flooded connection was cut by the client soon after the cap: its data was not kept.
      const written = await Promise.all(floods);
      for (const chars of written) expect(chars).toBeLessThan(MAX_PENDING_SSE_CHARS + 16 * 64 * 1024);
      const failures = rec.errors.filter((error, i) => rec.states[i] === 'polling');
      expect(failures).toHaveLength(2);
      for (const error of failures) {
        expect(error).toBeInstanceOf(TaskError);
        expect((error as TaskError).code).toBe('protocol');
      }
      expect(rec.states).toEqual(['connecting', 'realtime', 'polling', 'realtime', 'polling', 'realtime']);
    } finally {
      stop();
    }
  });
});
