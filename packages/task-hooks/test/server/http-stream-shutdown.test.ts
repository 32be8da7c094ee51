// Shutting down a server whose pages are open: the app calls handler.close() (the Next example
// does on SIGINT / SIGTERM) and the node server stops listening. The streams end, and their
// clients reconnect a second or two later, over the same kept-alive connection: a new stream
// opened there would keep the server from ever finishing its close while any tab stays open.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeListener, createTaskHttpHandler } from '../../src/server';
import { createHttpSource } from '../../src/sources/http';
import { createMemorySource } from '../../src/testing';
import { recorder, waitFor } from '../sources/helpers/recorder';

describe('handler.close() at shutdown', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('opens no new stream afterwards (503 Retry-After, connection closed), so the server can finish closing', async () => {
    const memory = createMemorySource();
    const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory, retryMs: 50 });
    let streamRequests = 0;
    const listener = createNodeListener(handler);
    // A plain node server: its close() waits for every connection to end, as a real one's does.
    const server = createServer((incoming, outgoing) => {
      streamRequests += 1;
      listener(incoming, outgoing);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.closeAllConnections());
    const rec = recorder();
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/tasks`;
    const client = createHttpSource({ baseUrl, EventSource: null, wakeEvents: () => () => undefined });
    cleanups.push(client.subscribe!(rec));
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    const streamsBefore = streamRequests;

    let closed = false;
    server.close(() => (closed = true));
    handler.close();
    await waitFor('the server closed', () => closed, 4_000);

    expect(memory.subscriberCount).toBe(0);
    expect(rec.states.at(-1)).toBe('polling');
    // The client did come back (on the kept-alive connection) before the server was gone.
    expect(streamRequests).toBeGreaterThan(streamsBefore);
  });
});
