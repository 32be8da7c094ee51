// A server up for days sees thousands of stream clients come and go: tabs opened and closed,
// laptops put to sleep mid-stream (the socket just goes), reconnects resuming with Last-Event-ID.
// Each must leave nothing behind: no connection, no timer, no upstream subscription once the
// linger is over, and the replay buffer never above its size.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeListener, createTaskHttpHandler, type TaskHttpHandler } from '../../src/server';
import type { SubscribeHandlers, TaskSource } from '../../src/sources/source';
import { createMemorySource, fakeUuid } from '../../src/testing';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('thousands of stream clients over a server’s life', () => {
  let server: Server | undefined;
  let handler: TaskHttpHandler | undefined;
  afterEach(async () => {
    handler?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('keeps no connection, timer or subscription for 2,000 streams that resumed and dropped abruptly', async () => {
    const memory = createMemorySource({ latencyMs: 5 });
    const subscriptions = new Set<SubscribeHandlers>();
    // Five users, each with a source of their own (the handler keys streams by source).
    const users = Array.from({ length: 5 }, (): TaskSource => ({
      ...memory,
      subscribe(handlers) {
        subscriptions.add(handlers);
        handlers.onConnection('realtime');
        return () => void subscriptions.delete(handlers);
      },
    }));
    const hint = (id: string) => subscriptions.forEach((handlers) => handlers.onHint([id]));
    handler = createTaskHttpHandler({
      basePath: '/api/tasks',
      getSource: async (request) => users[Number(new URL(request.url).searchParams.get('u'))]!,
      replayBufferSize: 64,
      lingerMs: 100,
      pingIntervalMs: 20,
    });
    server = createServer(createNodeListener(handler));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const baseline = timers();
    const lastIds: string[] = [];

    /** One stream: open (resuming from an id seen earlier, when there is one), read its first event, destroy. */
    const visit = async (n: number): Promise<void> => {
      const socket: Socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      const resume = lastIds.length > 0 && n % 3 !== 0 ? `Last-Event-ID: ${lastIds[n % lastIds.length]}\r\n` : '';
      socket.write(`GET /api/tasks/stream?u=${n % 5} HTTP/1.1\r\nHost: localhost\r\n${resume}\r\n`);
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      while (!/\nid: \d+|: ping/.test(text)) {
        hint(fakeUuid(n + 1)); // a change now and then: the buffers fill past their size
        await settle(5);
      }
      const id = /\nid: (\d+)/.exec(text)?.[1];
      if (id !== undefined) lastIds.push(id);
      socket.destroy(); // no FIN handshake of a well-behaved client: the socket just goes
    };

    for (let batch = 0; batch < 20; batch += 1) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => visit(batch * 100 + i)));
    }
    // An aborted read too: a request whose client goes before the answer.
    for (let i = 0; i < 50; i += 1) {
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`GET /api/tasks?ids=${fakeUuid(i + 1)}&u=0 HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      socket.destroy();
    }
    expect(lastIds.length).toBeGreaterThan(1_000);
    await settle(400); // past the linger
    const connections = await new Promise<number>((resolve, reject) => server!.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    expect(connections).toBe(0);
    expect(subscriptions.size).toBe(0);
    expect(memory.pendingCalls).toBe(0);
    expect(timers()).toBeLessThanOrEqual(baseline);
  });
});
