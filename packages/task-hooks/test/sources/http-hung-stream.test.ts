// The http source's stream request to a server that accepts the connection and never answers (a
// connection that died in a sleep, a proxy that buffers the stream): a real node HTTP server that
// holds every stream request open without a status line.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpSource } from '../../src/sources/http';
import { recorder, waitFor } from './helpers/recorder';

describe('http source whose stream request is never answered', () => {
  let server: Server;
  let base = '';
  const held: IncomingMessage[] = [];
  let answer = false;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (!answer) return void held.push(request); // no status line, ever
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('retry: 2000\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('gives up on it at a wake-up once it has waited longer than a silent stream would, and connects anew', async () => {
    let wake: (() => void) | undefined;
    const source = createHttpSource({ baseUrl: `${base}/api/tasks`, EventSource: null, wakeEvents: ({ onWake }) => ((wake = onWake), () => undefined) });
    const rec = recorder();
    const stop = source.subscribe!(rec);
    try {
      await waitFor('the stream request held', () => held.length === 1);
      let aborted = false;
      held[0]!.socket.once('close', () => void (aborted = true));
      wake!(); // just sent: still worth waiting for
      expect(held).toHaveLength(1);
      answer = true; // the next request is answered, as after a network change
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 60_000); // asleep for a minute, the request still unanswered
        wake!();
      } finally {
        vi.useRealTimers();
      }
      await waitFor('the hung request aborted', () => aborted, 3_000);
      await waitFor('realtime on a new stream', () => rec.states.at(-1) === 'realtime', 3_000);
    } finally {
      stop();
    }
  });
});
