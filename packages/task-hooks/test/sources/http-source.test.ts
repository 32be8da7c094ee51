// The http source against a scripted fetch: what a real server cannot easily be made to do
// (answer with a proxy's status, end a stream at a chosen byte, die mid-body).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { createHttpSource } from '../../src/sources/http';
import { recorder, waitFor } from './helpers/recorder';

const ID = '00000000-0000-4000-8000-00000000a11c';
const noWake = () => () => undefined;
const codeOf = (promise: Promise<unknown>) =>
  promise.then(() => 'resolved', (e: unknown) => (e instanceof TaskError ? e.code : `not a TaskError: ${String(e)}`));

/** A `text/event-stream` answer that sends `text` and then ends cleanly. */
function sseAnswer(text: string): Response {
  return new Response(new Blob([text]).stream(), { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('http source over a scripted fetch', () => {
  const stops: Array<() => void> = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  it('keeps its Last-Event-ID across a reconnect whose stream ended before sending a new id', async () => {
    const sent: Array<string | null> = [];
    const streams = [
      `retry: 100\n\nid: 7\nevent: task\ndata: {"id":"${ID}"}\n\n`,
      'retry: 100\n\n: ping\n\n', // the server's preamble, then the connection ends again
      'retry: 100\n\n',
    ];
    const fetchImpl: typeof fetch = async (_input, init) => {
      sent.push(new Headers(init?.headers).get('last-event-id'));
      return sseAnswer(streams[Math.min(sent.length - 1, streams.length - 1)]!);
    };
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: fetchImpl, EventSource: null, reconnect: { initialDelayMs: 10, maxDelayMs: 20 }, wakeEvents: noWake });
    const rec = recorder();
    stops.push(source.subscribe!(rec));
    await waitFor('three stream requests', () => sent.length >= 3);
    expect(sent.slice(0, 3)).toEqual([null, '7', '7']);
  });

  it('resumes from the last event it dispatched, not from the id of one the drop cut in half', async () => {
    const sent: Array<string | null> = [];
    const streams = [
      // Event 8's id line arrived, its data did not: the connection dropped between the two.
      `retry: 100\n\nid: 7\nevent: task\ndata: {"id":"${ID}"}\n\nid: 8\nevent: task\n`,
      'retry: 100\n\n',
    ];
    const fetchImpl: typeof fetch = async (_input, init) => {
      sent.push(new Headers(init?.headers).get('last-event-id'));
      return sseAnswer(streams[Math.min(sent.length - 1, streams.length - 1)]!);
    };
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: fetchImpl, EventSource: null, reconnect: { initialDelayMs: 10, maxDelayMs: 20 }, wakeEvents: noWake });
    stops.push(source.subscribe!(recorder()));
    await waitFor('two stream requests', () => sent.length >= 2);
    // From 8 the server would replay only what came after event 8, and that change would be lost.
    expect(sent.slice(0, 2)).toEqual([null, '7']);
  });

  it('calls a non-JSON 404 a missing route (a wrong baseUrl), not a missing task that would stop the polling', async () => {
    const html404: typeof fetch = async () => new Response('<html>Not Found</html>', { status: 404, headers: { 'content-type': 'text/html' } });
    const source = createHttpSource({ baseUrl: 'http://test/wrong/prefix', fetch: html404, stream: false });
    const error = await source.fetchTasks([ID]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect([(error as TaskError).code, (error as TaskError).retryable]).toEqual(['protocol', false]);
    expect((error as TaskError).message).toMatch(/http:\/\/test\/wrong\/prefix.*baseUrl/);
    expect(await codeOf(createHttpSource({ baseUrl: 'http://test/wrong/prefix', fetch: html404, stream: false }).cancel(ID))).toBe('protocol');
    // The contract's own 404 names its code, and a missing task stays not_found.
    const contract404: typeof fetch = async () => Response.json({ error: { code: 'not_found', message: 'No such task' } }, { status: 404 });
    expect(await codeOf(createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: contract404, stream: false }).cancel(ID))).toBe('not_found');
  });

  it('calls a fetch given as `fetch: window.fetch` unbound, for the stream too (a browser refuses it called on another object)', async () => {
    // A browser's fetch checks its `this`: called as a method of any object but the window it
    // throws "Illegal invocation". Node's does not check, so this one does it the browser's way.
    let streamRequests = 0;
    const windowFetch = function (this: unknown, input: RequestInfo | URL): Promise<Response> {
      if (this !== undefined && this !== globalThis) return Promise.reject(new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation"));
      if (String(input).endsWith('/stream')) {
        streamRequests += 1;
        return Promise.resolve(sseAnswer('retry: 2000\n\n'));
      }
      return Promise.resolve(Response.json({ tasks: [] }));
    } as typeof fetch;
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: windowFetch, EventSource: null, reconnect: { initialDelayMs: 5_000 }, wakeEvents: noWake });
    expect(await source.listTasks()).toEqual([]);
    const rec = recorder();
    stops.push(source.subscribe!(rec));
    await waitFor('the stream opened', () => rec.states.includes('realtime'), 2_000);
    expect(streamRequests).toBe(1);
  });

  it('still answers a TaskError when a redirected answer comes without its final URL (a fetch wrapper that drops it)', async () => {
    const wrapped: typeof fetch = async () => {
      const response = new Response('<html>Sign in</html>', { status: 200, headers: { 'content-type': 'text/html' } });
      Object.defineProperty(response, 'redirected', { value: true }); // and `url` stays ''
      return response;
    };
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: wrapped, stream: false });
    expect(await codeOf(source.listTasks())).toBe('unauthorized');
  });

  it('sends requests when the app\'s headers function has nothing to add (null while signed out)', async () => {
    const sent: Array<string | null> = [];
    const fetchImpl: typeof fetch = async (_input, init) => {
      sent.push(new Headers(init?.headers).get('accept'));
      return Response.json({ tasks: [] });
    };
    // Off the declared type, but what `() => session && { authorization }` gives a JS caller.
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: fetchImpl, headers: (() => null) as never, stream: false });
    expect(await source.listTasks()).toEqual([]);
    expect(sent).toEqual(['application/json']);
  });

  it('maps a proxy\'s non-JSON 409 / 413 / 429 answers to the contract codes of those statuses', async () => {
    const answering = (status: number): typeof fetch => async () => new Response(`<html>${status}</html>`, { status, headers: { 'content-type': 'text/html' } });
    const client = (status: number) => createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: answering(status), stream: false });
    expect(await codeOf(client(409).retry(ID))).toBe('illegal_state');
    expect(await codeOf(client(413).submit('report', { big: 'x' }))).toBe('payload_too_large');
    expect(await codeOf(client(401).listTasks())).toBe('unauthorized');
    expect(await codeOf(client(503).listTasks())).toBe('server');
    expect(await codeOf(client(429).listTasks())).toBe('server'); // rate limited: retryable
  });

  it('reports a connection that dies in the middle of the answer as network, not protocol', async () => {
    const dying: typeof fetch = async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"tasks":[{"id":'));
          controller.error(new TypeError('terminated')); // what undici throws when the socket closes
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: dying, stream: false });
    expect(await codeOf(source.fetchTasks([ID]))).toBe('network');
    const garbled: typeof fetch = async () => new Response('{"tasks":[{"id":', { status: 200 });
    expect(await codeOf(createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: garbled, stream: false }).fetchTasks([ID]))).toBe('protocol');
  });

  it('backs off against a server that accepts the stream and hangs up at once, and resets after a stream that lasted', async () => {
    const at: number[] = [];
    let longLived = false;
    const fetchImpl: typeof fetch = async () => {
      at.push(Date.now());
      // Open (200, text/event-stream), then the end at once; advising the client's own first delay.
      if (!longLived) return sseAnswer('retry: 20\n\n');
      // Then a stream that stays up longer than the longest delay before it ends.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(': hello\n\n'));
          setTimeout(() => controller.close(), 300);
        },
      });
      longLived = false;
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: fetchImpl, EventSource: null, reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, wakeEvents: noWake });
    const rec = recorder();
    stops.push(source.subscribe!(rec));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    // Backing off: 10-20, 20-40, 40-80, 80-160, then 100-200 ms; without it ~one request every 15 ms.
    expect(at.length).toBeLessThan(16);
    const gaps = at.slice(1).map((time, i) => time - at[i]!);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(90);
    longLived = true;
    const before = at.length;
    await waitFor('the long-lived stream and the one after it', () => at.length >= before + 2, 2_000);
    expect(at[before + 1]! - at[before]!).toBeLessThan(300 + 60); // its own 300 ms, then the first delay again
  });

  it('reconnects the fetch reader after the server\'s retry: advice, backing off from it, and remembers it across streams', async () => {
    const at: number[] = [];
    const streams = ['retry: 400\n\n', ': no advice this time\n\n', ': nor this\n\n'];
    const fetchImpl: typeof fetch = async () => {
      at.push(Date.now());
      return sseAnswer(streams[Math.min(at.length - 1, streams.length - 1)]!);
    };
    // Configured to come back within 10 ms: only the advice can make it wait longer.
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: fetchImpl, EventSource: null, reconnect: { initialDelayMs: 10, maxDelayMs: 2_000 }, wakeEvents: noWake });
    stops.push(source.subscribe!(recorder()));
    await waitFor('three stream requests', () => at.length >= 3, 3_000);
    const [first, second] = at.slice(1).map((time, i) => time - at[i]!);
    expect(first).toBeGreaterThanOrEqual(190); // 200..400 ms: the advice, jittered as any first delay
    expect(first).toBeLessThan(400 + 100);
    expect(second).toBeGreaterThanOrEqual(390); // 400..800 ms: doubled from the advice
  });

  it('answers a wrong-shape active-task body with a protocol error instead of "no active task"', async () => {
    const answering = (body: unknown): typeof fetch => async () => Response.json(body);
    const client = (body: unknown) => createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: answering(body), stream: false });
    expect(await client({ task: null, serverTime: new Date().toISOString() }).fetchActiveTask('report')).toBeNull();
    expect(await codeOf(client({}).fetchActiveTask('report'))).toBe('protocol');
    expect(await codeOf(client({ tasks: [] }).fetchActiveTask('report'))).toBe('protocol');
    expect(await codeOf(client(null).fetchActiveTask('report'))).toBe('protocol');
  });

  it('after unsubscribe, a stream answer that arrives anyway (a fetch that ignores the signal) is cancelled and reports nothing', async () => {
    let answer: (response: Response) => void = () => undefined;
    let cancelled = false;
    let calls = 0;
    const signalIgnoringFetch: typeof fetch = (() => {
      calls += 1;
      if (calls > 1) return new Promise<Response>(() => undefined); // the next subscriber's stream: still connecting
      return new Promise<Response>((resolve) => (answer = resolve));
    }) as typeof fetch;
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: signalIgnoringFetch, EventSource: null, wakeEvents: noWake });
    const first = recorder();
    source.subscribe!(first)(); // unsubscribed while the stream request is in flight
    const second = recorder();
    stops.push(source.subscribe!(second)); // StrictMode's second mount: a new channel, connecting
    await waitFor('the second stream request', () => calls === 2);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`id: 1\nevent: task\ndata: {"id":"${ID}"}\n\n`));
      },
      cancel() {
        cancelled = true;
      },
    });
    answer(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
    await waitFor('the orphaned stream cancelled', () => cancelled, 1_000);
    expect(second.states).toEqual(['connecting']);
    expect(second.hints).toEqual([]);

    // And a stream already open (its `retry:` line read) when the last subscriber leaves: its body is cancelled too.
    let openCancelled = false;
    const openStream: typeof fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('retry: 2000\n\n')), cancel: () => void (openCancelled = true) }),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      );
    const open = recorder();
    const stop = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: openStream, EventSource: null, wakeEvents: noWake }).subscribe!(open);
    await waitFor('realtime', () => open.states.at(-1) === 'realtime');
    stop();
    await waitFor('the open stream cancelled on unsubscribe', () => openCancelled, 1_000);
  });

  it('follows the server\'s upstream events: polling while down (a wake-up does not undo it), realtime and a full refetch when back', async () => {
    const encoder = new TextEncoder();
    let push: (text: string) => void = () => undefined;
    const scripted: typeof fetch = async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (text) => controller.enqueue(encoder.encode(text));
          push('retry: 2000\n\nevent: upstream\ndata: {"state":"down"}\n\n');
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
    let wake: (() => void) | undefined;
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: scripted, EventSource: null, wakeEvents: ({ onWake }) => ((wake = onWake), () => undefined) });
    const rec = recorder();
    stops.push(source.subscribe!(rec));
    await waitFor('polling', () => rec.states.at(-1) === 'polling');
    expect(rec.states).toEqual(['connecting', 'realtime', 'polling']);
    wake!(); // the stream is open and speaking, but that does not make its server live
    expect(rec.states.at(-1)).toBe('polling');
    push('event: upstream\ndata: {"state":"maybe"}\n\nevent: upstream\ndata: nonsense\n\nevent: future\ndata: {}\n\n');
    push(`id: 3\nevent: task\ndata: {"id":"${ID}"}\n\n`); // a marker: everything before it was read
    await waitFor('the marker hint', () => rec.hints.some((h) => h !== 'all' && h.includes(ID)));
    expect(rec.states.at(-1)).toBe('polling'); // what it does not understand changes nothing
    const mark = rec.hints.length;
    push('event: upstream\ndata: {"state":"realtime"}\n\n');
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    expect(rec.hints.slice(mark)).toEqual(['all']);
  });

  it('on a wake-up, replaces a stream that has been silent for longer than two pings (dead after a sleep)', async () => {
    let requests = 0;
    let cancelled = 0;
    // A stream that sends its preamble and then nothing, as a connection that died without a FIN does.
    const silent: typeof fetch = async () => {
      requests += 1;
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(new TextEncoder().encode('retry: 2000\n\n')),
        cancel: () => void (cancelled += 1),
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
    let wake: (() => void) | undefined;
    const source = createHttpSource({ baseUrl: 'http://test/api/tasks', fetch: silent, EventSource: null, wakeEvents: ({ onWake }) => ((wake = onWake), () => undefined) });
    const rec = recorder();
    stops.push(source.subscribe!(rec));
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    wake!(); // a live stream (it spoke just now) is kept
    expect(requests).toBe(1);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 60_000); // the laptop slept for a minute: no byte, not even a ping
      wake!();
      expect(cancelled).toBe(1);
      await waitFor('a new stream', () => requests === 2 && rec.states.at(-1) === 'realtime');
    } finally {
      vi.useRealTimers();
    }
  });
});
