// A stream whose client stops reading (a frozen background tab, a stalled proxy) while its user's
// tasks keep changing: the server must not queue every event for it in memory. It holds a bounded
// amount, then ends that stream; the client reconnects with Last-Event-ID as after any drop.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeListener, createTaskHttpHandler, type TaskHttpHandler } from '../../src/server';
import { STALL_CHECK_MS } from '../../src/server/sse-response';
import type { SubscribeHandlers, TaskSource } from '../../src/sources/source';
import { createMemorySource, fakeUuid } from '../../src/testing';

/** A memory source whose change feed the test drives: `hint(ids)` is one change per id. */
function drivenSource() {
  const handlers = new Set<SubscribeHandlers>();
  const source: TaskSource = {
    ...createMemorySource(),
    subscribe(h) {
      handlers.add(h);
      h.onConnection('realtime');
      return () => void handlers.delete(h);
    },
  };
  return { source, hint: (ids: string[]) => handlers.forEach((h) => h.onHint(ids)) };
}

const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

/** 200 changes to each of `ids` (200,000 for 1,000 ids, about 18 MB of frames): far more than the socket buffers on both ends hold. */
async function flood(hint: (ids: string[]) => void, ids: string[]): Promise<void> {
  for (let round = 0; round < 200; round += 1) {
    hint(ids);
    await settle(1);
  }
}

describe('a stream client that stops reading', () => {
  let server: Server | undefined;
  let handler: TaskHttpHandler | undefined;
  let port = 0;
  const sockets: Socket[] = [];
  /** The server's side of every connection (its `writableLength` is what it holds unsent; fetch opens some it never uses). */
  const serverSockets: Socket[] = [];
  afterEach(async () => {
    sockets.splice(0).forEach((socket) => socket.destroy());
    serverSockets.length = 0;
    handler?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function serve(
    source: TaskSource,
    { wrapWrite = false, ...options }: { replayBufferSize?: number; lingerMs?: number; wrapWrite?: boolean } = {},
  ): Promise<void> {
    handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => source, pingIntervalMs: 60_000, ...options });
    const listener = createNodeListener(handler);
    server = createServer((incoming, outgoing) => {
      // Middleware that wraps `res.write` and drops its answer (returns undefined, not the boolean).
      if (wrapWrite) {
        const write = outgoing.write.bind(outgoing) as (chunk: unknown) => boolean;
        outgoing.write = ((chunk: unknown) => void write(chunk)) as unknown as typeof outgoing.write;
      }
      listener(incoming, outgoing);
    });
    server.on('connection', (socket) => serverSockets.push(socket));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }

  /** The server holds under 1 MB unsent, and no connection it wrote to is still open. */
  function expectStalledEnded(): void {
    expect(serverSockets.reduce((sum, socket) => sum + socket.writableLength, 0)).toBeLessThan(1_000_000);
    expect(serverSockets.filter((socket) => socket.bytesWritten > 0 && !socket.destroyed)).toEqual([]);
  }

  /** A raw client: it sends the request, reads the first bytes, then reads nothing more. */
  async function stalledClient(lastEventId?: string): Promise<Socket> {
    const client = connect(port, '127.0.0.1');
    sockets.push(client);
    await new Promise((resolve) => client.once('connect', resolve));
    const resume = lastEventId === undefined ? '' : `Last-Event-ID: ${lastEventId}\r\n`;
    client.write(`GET /api/tasks/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n${resume}\r\n`);
    await new Promise((resolve) => client.once('data', resolve));
    client.pause();
    return client;
  }

  it('costs the server a bounded buffer, not every event since, and its connection is ended', async () => {
    const { source, hint } = drivenSource();
    await serve(source);
    await stalledClient();

    const ids = Array.from({ length: 1_000 }, (_, i) => fakeUuid(i + 1));
    await flood(hint, ids);
    await settle(200);
    // It held them all (16 MB) before.
    expectStalledEnded();
  });

  it('is ended too behind a res.write wrapper that returns nothing (the server still waits for the socket)', async () => {
    const { source, hint } = drivenSource();
    await serve(source, { wrapWrite: true });
    await stalledClient();
    const ids = Array.from({ length: 1_000 }, (_, i) => fakeUuid(i + 1));
    await flood(hint, ids);
    // Written regardless of the socket, the frames sat in its buffer (16 MB) and the stream's own
    // bound never saw them; waiting for the socket, they stay in the stream and its bound ends it.
    await settle(STALL_CHECK_MS + 1_000);
    expectStalledEnded();
  }, 20_000);

  it('replays in full to a resuming client a replay longer than the bound, and still ends it once it stops reading', async () => {
    const { source, hint } = drivenSource();
    await serve(source, { replayBufferSize: 10_000 });
    /** Opens a stream, calls `then`, and reads until `done(text)`; returns what it read. */
    const readUntil = async (headers: Record<string, string>, then: () => void, done: (text: string) => boolean) => {
      const reader = (await fetch(`http://127.0.0.1:${port}/api/tasks/stream`, { headers })).body!.getReader();
      then();
      let text = '';
      while (!done(text)) {
        const { done: ended, value } = await reader.read();
        if (ended) throw new Error('stream ended early: ' + text.slice(-200));
        text += new TextDecoder().decode(value);
      }
      await reader.cancel();
      return text;
    };
    const firstEvent = await readUntil({}, () => hint([fakeUuid(1)]), (text) => text.includes('event: task'));
    const first = /id: (\d+)\nevent: task/.exec(firstEvent)![1]!;
    // 5,000 more (about 470 KB to replay) while no stream is open.
    const missed = Array.from({ length: 5_000 }, (_, i) => fakeUuid(i + 2));
    hint(missed);
    const replayed = await readUntil({ 'last-event-id': first }, () => undefined, (text) => text.includes(missed.at(-1)!));
    expect(replayed.match(/event: task/g)).toHaveLength(5_000);
    // The same resume from a client that reads nothing: the replay is held for it, then the live
    // events past the bound end it.
    await stalledClient(first);
    await flood(hint, missed.slice(0, 1_000));
    await settle(200);
    expectStalledEnded();
  });

  it('keeps a client that reads through a change to 5,000 tasks at once, and ends one beside it that reads nothing', async () => {
    const { source, hint } = drivenSource();
    await serve(source);
    const stalled = await stalledClient();
    const stalledSocket = serverSockets.find((socket) => socket.remotePort === stalled.localPort)!;
    // Until the socket buffers between them are full and the server holds what it cannot send.
    for (let round = 0; round < 200 && stalledSocket.writableLength === 0; round += 1) {
      hint(Array.from({ length: 1_000 }, (_, i) => fakeUuid(i + 1)));
      await settle(5);
    }
    expect(stalledSocket.writableLength).toBeGreaterThan(0);
    const reader = (await fetch(`http://127.0.0.1:${port}/api/tasks/stream`)).body!.getReader();
    let text = '';
    const readUntil = async (expected: string) => {
      while (!text.includes(expected)) {
        const { done, value } = await reader.read();
        if (done) throw new Error('stream ended early: ' + expected);
        text += new TextDecoder().decode(value);
      }
    };
    await settle();
    // One hint of 5,000 ids (about 430 KB of frames, queued before the writer has a turn): a bulk
    // cancel, a reaper catching up. The reading client was ended at once, with nothing received.
    const ids = Array.from({ length: 5_000 }, (_, i) => fakeUuid(i + 1));
    hint(ids);
    await readUntil(ids.at(-1)!);
    expect(text.match(/event: task/g)).toHaveLength(5_000);
    expect(stalledSocket.destroyed).toBe(false); // judged over time, not at once
    await settle(STALL_CHECK_MS + 300);
    // The one that read nothing is ended, and what it held goes with it; the reader is still served.
    expect(stalledSocket.destroyed).toBe(true);
    hint([fakeUuid(9_999)]);
    await readUntil(fakeUuid(9_999));
    expect(text.match(/event: task/g)).toHaveLength(5_001);
    await reader.cancel();
  }, 15_000);
});
