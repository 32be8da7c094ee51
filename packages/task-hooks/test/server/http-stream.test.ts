// The event stream end to end: hints from the server-side source reach the http source over SSE,
// a dropped stream degrades to polling and resumes with Last-Event-ID (replay), an id too old for
// the replay buffer gets `reset`, and the native EventSource path (undici's) behaves the same.
import { EventSource as UndiciEventSource } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTaskHttpHandler, type TaskHttpHandler } from '../../src/server';
import { createHttpSource, type EventSourceConstructor } from '../../src/sources/http';
import type { TaskSource } from '../../src/sources/source';
import { createMemorySource, type MemorySource } from '../../src/testing';
import { recorder, waitFor, type Recorder } from '../sources/helpers/recorder';
import { serveHandler, type NodeServer } from './helpers/node-server';

const noWake = () => () => undefined;
const hintedAt = (rec: Recorder, id: string, from = 0) => rec.hints.slice(from).some((h) => h !== 'all' && h.includes(id));

describe('event stream', () => {
  let memory: MemorySource;
  let server: NodeServer;
  let handler: TaskHttpHandler;
  const stops: Array<() => void> = [];

  beforeAll(async () => {
    memory = createMemorySource();
    handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory, pingIntervalMs: 50, replayBufferSize: 4, retryMs: 100 });
    server = await serveHandler(handler);
  });
  afterEach(() => stops.splice(0).forEach((stop) => stop()));
  afterAll(async () => {
    handler.close();
    await server.close();
  });

  function subscribe(source: TaskSource): Recorder {
    const rec = recorder();
    stops.push(source.subscribe!(rec));
    return rec;
  }
  const fetchSource = () =>
    createHttpSource({ baseUrl: `${server.url}/api/tasks`, EventSource: null, reconnect: { initialDelayMs: 150, maxDelayMs: 300 }, wakeEvents: noWake });
  const streamRequests = () => server.requests.filter((r) => r.path.endsWith('/stream'));

  it('goes realtime, refetches everything on open, then hints at each changed task', async () => {
    const rec = subscribe(fetchSource());
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    expect(rec.states[0]).toBe('connecting');
    expect(rec.hints).toContainEqual('all');
    const { task } = await memory.submit('report', {});
    await waitFor('hint for the new task', () => hintedAt(rec, task.id));
  });

  it('sends a ping comment and advises a retry delay', async () => {
    const response = await fetch(`${server.url}/api/tasks/stream`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(': ping')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toMatch(/^retry: 100\n\n/);
  });

  it('after a drop: polling, then resumes with Last-Event-ID and replays what it missed', async () => {
    const rec = subscribe(fetchSource());
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    const { task: before } = await memory.submit('report', {});
    await waitFor('hint', () => hintedAt(rec, before.id));
    const mark = rec.hints.length;
    const requestsBefore = streamRequests().length;
    server.dropConnections();
    await waitFor('polling', () => rec.states.at(-1) === 'polling');
    const { task: missed } = await memory.submit('report', {}); // published while no stream is open
    await waitFor('realtime again', () => rec.states.at(-1) === 'realtime');
    await waitFor('replayed hint', () => hintedAt(rec, missed.id, mark));
    const resumed = streamRequests()[requestsBefore];
    expect(Number(resumed?.headers['last-event-id'])).toBeGreaterThan(0);
  });

  it('answers a Last-Event-ID older than the replay buffer with reset', async () => {
    const rec = subscribe(fetchSource());
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    const first = await fetch(`${server.url}/api/tasks/stream`);
    const reader = first.body!.getReader();
    let text = '';
    const { task } = await memory.submit('report', {});
    while (!text.includes(task.id)) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const lastId = /id: (\d+)\nevent: task\ndata: \{"id":"[^"]+"\}\n\n[^]*$/.exec(text)?.[1];
    expect(lastId).toBeDefined();
    for (let i = 0; i < 6; i++) await memory.submit('report', {}); // more than replayBufferSize (4)
    await waitFor('published', () => rec.hints.length >= 7);
    const stale = await fetch(`${server.url}/api/tasks/stream`, { headers: { 'last-event-id': lastId! } });
    const staleReader = stale.body!.getReader();
    let staleText = '';
    while (!staleText.includes('event: reset')) staleText += new TextDecoder().decode((await staleReader.read()).value);
    await staleReader.cancel();
    expect(staleText).not.toContain('event: task');
    const recent = await fetch(`${server.url}/api/tasks/stream`, { headers: { 'last-event-id': String(Number(lastId) + 5) } });
    const recentReader = recent.body!.getReader();
    let recentText = '';
    while (!recentText.includes('event: task')) recentText += new TextDecoder().decode((await recentReader.read()).value);
    await recentReader.cancel();
    expect(recentText).not.toContain('event: reset');
  });

  it('with a native EventSource: hints, and a reconnect that sends Last-Event-ID by itself', async () => {
    const source = createHttpSource({
      baseUrl: `${server.url}/api/tasks`,
      EventSource: UndiciEventSource as unknown as EventSourceConstructor,
      wakeEvents: noWake,
    });
    const rec = subscribe(source);
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    const { task } = await memory.submit('report', {});
    await waitFor('hint', () => hintedAt(rec, task.id));
    const requestsBefore = streamRequests().length;
    server.dropConnections();
    await waitFor('polling', () => rec.states.includes('polling'));
    await waitFor('realtime again', () => rec.states.at(-1) === 'realtime' && streamRequests().length > requestsBefore);
    expect(Number(streamRequests()[requestsBefore]?.headers['last-event-id'])).toBeGreaterThan(0);
  });

  const readers = {
    'the fetch reader': fetchSource,
    'a native EventSource': () =>
      createHttpSource({ baseUrl: `${server.url}/api/tasks`, EventSource: UndiciEventSource as unknown as EventSourceConstructor, wakeEvents: noWake }),
  };

  it.each(Object.keys(readers) as Array<keyof typeof readers>)(
    'with %s: polling while the server\'s own upstream is down (the stream kept open), realtime and a full refetch when it is back',
    async (reader) => {
      const rec = subscribe(readers[reader]());
      await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
      const requestsBefore = streamRequests().length;
      try {
        memory.setRealtime(false); // the server's LISTEN / Realtime channel dropped
        await waitFor('polling', () => rec.states.at(-1) === 'polling');
        expect(rec.errors.at(-1)?.message).toMatch(/not receiving task changes/);
        const late = subscribe(readers[reader]()); // a stream opened during the outage is told at once
        await waitFor('the late stream polling', () => late.states.at(-1) === 'polling');
        const mark = rec.hints.length;
        memory.setRealtime(true);
        await waitFor('realtime again', () => rec.states.at(-1) === 'realtime' && late.states.at(-1) === 'realtime');
        await waitFor('a full refetch', () => rec.hints.slice(mark).includes('all'));
        expect(streamRequests().length).toBe(requestsBefore + 1); // only the late stream's: none was dropped
      } finally {
        memory.setRealtime(true);
      }
    },
  );

  it('says the upstream is down on attach, in an event without an id (never replayed, Last-Event-ID untouched)', async () => {
    memory.setRealtime(false);
    try {
      const response = await fetch(`${server.url}/api/tasks/stream`);
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes(': ping')) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      expect(text).toMatch(/^retry: 100\n\nevent: upstream\ndata: \{"state":"down"\}\n\n: ping\n\n/);
    } finally {
      memory.setRealtime(true);
    }
  });

  it('keeps one upstream subscription per user however many streams are open', async () => {
    const a = subscribe(fetchSource());
    const b = subscribe(fetchSource());
    await waitFor('both realtime', () => a.states.at(-1) === 'realtime' && b.states.at(-1) === 'realtime');
    expect(memory.subscriberCount).toBe(1);
  });
});

describe('event stream shutdown', () => {
  it('handler.close() ends the open streams, so clients reconnect instead of listening to a stream that will never speak again', async () => {
    const memory = createMemorySource();
    const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory, pingIntervalMs: 50 });
    const server = await serveHandler(handler);
    try {
      const response = await fetch(`${server.url}/api/tasks/stream`);
      const reader = response.body!.getReader();
      await reader.read(); // the retry advice: the stream is open
      expect(memory.subscriberCount).toBe(1);
      handler.close();
      expect(memory.subscriberCount).toBe(0);
      const ended = (async () => {
        for (;;) if ((await reader.read()).done) return true;
      })();
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000));
      expect(await Promise.race([ended, timeout])).toBe(true);
      await reader.cancel();
    } finally {
      await server.close();
    }
  });
});

describe('a new upstream still joining', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A handler over `source`, and a fetch-reader http source subscribed to it. */
  async function streamOver(source: TaskSource, upstreamGraceMs?: number) {
    const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => source, pingIntervalMs: 50, retryMs: 100, upstreamGraceMs });
    const server = await serveHandler(handler);
    const rec = recorder();
    const client = createHttpSource({ baseUrl: `${server.url}/api/tasks`, EventSource: null, wakeEvents: noWake });
    const stop = client.subscribe!(rec);
    cleanups.push(async () => {
      stop();
      handler.close();
      await server.close();
    });
    return rec;
  }

  /** The memory source, its upstream joining only when `join` is called. */
  function slowJoin(memory: MemorySource) {
    let join = () => undefined as void;
    const source: TaskSource = {
      ...memory,
      subscribe: (handlers) => {
        handlers.onConnection('connecting');
        join = () => {
          handlers.onConnection('realtime');
        };
        return () => undefined;
      },
    };
    return { source, join: () => join() };
  }

  it('is not an outage: the first stream goes straight to realtime, with no polling in between', async () => {
    const rec = await streamOver(createMemorySource());
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    await new Promise((resolve) => setTimeout(resolve, 200)); // anything the server sends late
    expect(rec.states).toEqual(['connecting', 'realtime']);
  });

  it('joining within the grace: no polling, and a reset so streams opened meanwhile read what they may have missed', async () => {
    const { source, join } = slowJoin(createMemorySource());
    const rec = await streamOver(source, 5_000);
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    const mark = rec.hints.length;
    join();
    await waitFor('a full refetch', () => rec.hints.slice(mark).includes('all'));
    expect(rec.states).toEqual(['connecting', 'realtime']);
  });

  it('not joined when the grace is over: its streams are told it is down, and poll', async () => {
    const { source } = slowJoin(createMemorySource());
    const rec = await streamOver(source, 300);
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    await waitFor('polling after the grace', () => rec.states.at(-1) === 'polling');
    expect(rec.errors.at(-1)?.message).toMatch(/not receiving task changes/);
  });
});
