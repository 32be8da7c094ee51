// A stream whose headers arrive but whose body does not (a proxy that buffers the response: the
// server's `retry:` line, sent at once, is held back with everything after it). Until its first
// bytes arrive nothing can come through it, so it must not count as realtime: the hooks would
// drop to the 30 s safety poll and show every change up to 30 s late.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpSource } from '../../src/sources/http';
import { listen } from '../server/helpers/node-server';
import { recorder, waitFor } from './helpers/recorder';

describe('http source: a stream whose body is held back', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is not realtime until the stream sends its first bytes (the hooks keep polling), then is', async () => {
    const held: ServerResponse[] = [];
    const server = await listen((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.flushHeaders(); // the headers pass, the body is buffered
      held.push(response);
    });
    cleanups.push(() => server.close());
    let answered = false;
    const source = createHttpSource({
      baseUrl: `${server.url}/api/tasks`,
      EventSource: null,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        answered = true;
        return response;
      },
      wakeEvents: () => () => undefined,
    });
    const rec = recorder();
    cleanups.push(source.subscribe!(rec));
    await waitFor('the stream headers', () => answered);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rec.states).not.toContain('realtime');
    held[0]!.write('retry: 2000\n\n');
    await waitFor('realtime', () => rec.states.includes('realtime'));
    expect(rec.hints).toContain('all');
  });
});
