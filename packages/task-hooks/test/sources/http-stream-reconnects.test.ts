// A tab open for days reopens its event stream many times: the server drops it (a deploy, a proxy
// timeout), the tab wakes from sleep to a stream gone silent, pages subscribe and leave. On a real
// node server: after 160 reopens one stream is open, and none once the last subscriber left.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNodeListener, createTaskHttpHandler, type TaskHttpHandler } from '../../src/server';
import { createHttpSource } from '../../src/sources/http';
import type { WakeHandlers } from '../../src/sources/wake';
import { createMemorySource } from '../../src/testing';
import { recorder, waitFor } from './helpers/recorder';

describe('http source: the event stream reopened again and again', () => {
  const memory = createMemorySource();
  let handler: TaskHttpHandler;
  let server: Server;
  let baseUrl = '';
  /** Stream requests the server is answering now (opened and not yet closed). */
  let openStreams = 0;
  let streamsOpened = 0;
  beforeAll(async () => {
    handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory, pingIntervalMs: 60_000, lingerMs: 50, retryMs: 1 });
    const listener = createNodeListener(handler);
    server = createServer((incoming, outgoing) => {
      if (incoming.url?.endsWith('/stream')) {
        openStreams += 1;
        streamsOpened += 1;
        outgoing.on('close', () => (openStreams -= 1));
      }
      listener(incoming, outgoing);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/tasks`;
  });
  /** The test's subscription: ended here too when the test fails midway, or it reconnects for ever. */
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    stop = undefined;
  });
  afterAll(async () => {
    handler.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('holds one stream through 100 drops, 30 silent wake-ups and 30 resubscribes, and none after', async () => {
    let wake: WakeHandlers | undefined;
    const source = createHttpSource({
      baseUrl,
      EventSource: null,
      reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
      wakeEvents: (handlers) => {
        wake = handlers;
        return () => (wake = undefined);
      },
    });
    let rec = recorder();
    stop = source.subscribe!(rec);
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    const realtimeAgain = (what: string, from: number) => waitFor(what, () => rec.states.slice(from).includes('polling') && rec.states.at(-1) === 'realtime');
    for (let i = 0; i < 100; i += 1) {
      const mark = rec.states.length;
      server.closeAllConnections();
      await realtimeAgain(`realtime after drop ${i}`, mark);
    }
    for (let i = 0; i < 30; i += 1) {
      const before = streamsOpened;
      // Silent for longer than the 35 s a stream may be: the wake-up reconnects at once.
      const later = Date.now() + 36_000;
      const clock = vi.spyOn(Date, 'now').mockReturnValue(later);
      wake!.onWake();
      clock.mockRestore();
      await waitFor(`reopened after wake ${i}`, () => streamsOpened > before && rec.states.at(-1) === 'realtime');
    }
    for (let i = 0; i < 30; i += 1) {
      stop!();
      rec = recorder();
      stop = source.subscribe!(rec);
      await waitFor(`realtime after resubscribe ${i}`, () => rec.states.at(-1) === 'realtime');
    }
    expect(memory.subscriberCount).toBe(1);
    await waitFor('one stream open', () => openStreams === 1);
    stop!();
    stop = undefined;
    await waitFor('no stream open', () => openStreams === 0);
    await waitFor('no subscription after the linger', () => memory.subscriberCount === 0);
  });
});
