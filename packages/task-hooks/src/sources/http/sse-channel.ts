// The http source's push channel: `GET {base}/stream` as Server-Sent Events. `task` events are hints
// for one id, `reset` asks for a full refetch, and every (re)open refetches everything too, since
// whatever happened while the stream was down may not be replayable. A drop means polling until
// the stream is back, and so does an `upstream` event saying the server's own change feed is down
// (the stream stays open to hear when it is back), and so does a fetch-read stream that sends more
// than the parser's cap without ending an event (a protocol failure, reconnected as a drop). Reads
// the stream with a native EventSource (which reconnects by itself and resends Last-Event-ID) or
// with fetch (which we reconnect with backoff from the server's `retry:` advice, sending
// Last-Event-ID).
import type { SubscribeHandlers } from '../source';
import { longestReconnectDelay, reconnectDelay, type BackoffOptions } from '../supabase/backoff';
import type { WakeEvents } from '../wake';
import { resolveHeaders, retryAfterMs as retryAfterOf, type HeadersInput } from './request';
import { backoffWithAdvice } from './retry-advice';
import { SseParser } from './sse-parser';

/** The part of the WHATWG EventSource the channel uses. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  addEventListener(type: string, listener: (event: { data: string; lastEventId?: string }) => void): void;
  close(): void;
}

/** A constructor shaped like the browser's `EventSource` (a polyfill, or a test double). */
export type EventSourceConstructor = new (url: string, init?: { withCredentials?: boolean }) => EventSourceLike;

export interface SseChannelOptions {
  url: string;
  fetch: typeof fetch;
  headers?: HeadersInput;
  /** Use this EventSource; when absent the channel reads the stream with fetch. */
  EventSource?: EventSourceConstructor;
  withCredentials?: boolean;
  reconnect?: BackoffOptions;
  wakeEvents: WakeEvents;
}

const CLOSED = 2;

/**
 * The contract's server sends `: ping` every 15 s. A fetch-read stream silent for longer than two
 * pings is taken for dead when the tab wakes up: after a sleep or a network change the connection
 * can be gone without the socket noticing, and a 'realtime' stream that never speaks again would
 * leave the hooks on the slow safety poll.
 */
const SILENT_STREAM_MS = 35_000;

export function openSseChannel(emit: SubscribeHandlers, options: SseChannelOptions): () => void {
  let stopped = false;
  let attempt = 0;
  let connected = false;
  let openedAt = 0;
  // Fetch reader only: when the open stream last sent anything (ping included), or, until it opens,
  // when it was requested.
  let lastByteAt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let abort: AbortController | null = null;
  let eventSource: EventSourceLike | null = null;
  let lastEventId = '';
  /** The server's last `retry:` (fetch reader only). Like the id, it outlives the connection. */
  let advisedRetryMs: number | undefined;
  /** The Retry-After of a refused stream (a 503, a proxy's 429): the next reconnect waits at least that. */
  let retryAfterMs = 0;
  /**
   * Set while the open stream's server says its own change feed is down: no hint can come, so the
   * hooks must poll. One object per outage, so that repeating the state is no news to subscribers.
   */
  let upstreamDown: Error | null = null;

  const onUpstream = (data: string) => {
    let state: unknown;
    try {
      state = (JSON.parse(data) as { state?: unknown } | null)?.state;
    } catch {
      return; // unreadable: keep what we believed, as for any event we do not understand
    }
    if (state === 'down' && !upstreamDown) {
      upstreamDown = new Error('The server is not receiving task changes');
      emit.onConnection('polling', upstreamDown);
    } else if (state === 'realtime' && upstreamDown) {
      upstreamDown = null;
      emit.onConnection('realtime');
      emit.onHint('all'); // changes made while it was down were never hinted
    }
  };

  const onEvent = (type: string, data: string) => {
    if (type === 'reset') return emit.onHint('all');
    if (type === 'upstream') return onUpstream(data);
    if (type !== 'task') return;
    try {
      const id = (JSON.parse(data) as { id?: unknown }).id;
      // Lower case, as the rows read for it are (parseTaskRow): the hooks would not know a hint in capitals.
      emit.onHint(typeof id === 'string' ? [id.toLowerCase()] : 'all');
    } catch {
      emit.onHint('all'); // an unreadable event still means something changed
    }
  };

  const opened = () => {
    connected = true;
    openedAt = Date.now();
    // A new stream: its server says so within the stream if its upstream is still down.
    upstreamDown = null;
    emit.onConnection('realtime');
    emit.onHint('all');
  };

  const dropped = (error: unknown, reconnectLater: boolean) => {
    if (stopped) return;
    // An open stream is a success only once it has lasted: a server (or proxy) that answers 200 and
    // hangs up at once would otherwise be retried at the first delay forever, each time with a full
    // refetch. A stream that stayed up as long as the longest delay resets the backoff.
    if (connected && Date.now() - openedAt >= longestReconnectDelay(options.reconnect)) attempt = 0;
    connected = false;
    emit.onConnection('polling', error instanceof Error ? error : new Error(String(error)));
    if (!reconnectLater) return;
    // Not sooner than the server asked (its Retry-After) when that is within the app's cap, nor
    // later than the cap; spread evenly up to half as long again (a wait past the cap from two
    // thirds of it), or every tab it refused would come back in the same millisecond. A wait equal
    // to the cap cannot be spread, and is waited in full.
    const cap = longestReconnectDelay(options.reconnect);
    const lo = retryAfterMs > cap ? cap / 1.5 : retryAfterMs;
    const delay = Math.max(lo + Math.random() * (Math.min(lo * 1.5, cap) - lo), reconnectDelay(attempt++, backoffWithAdvice(options.reconnect, advisedRetryMs)));
    retryAfterMs = 0;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, Math.min(delay, cap));
  };

  const connectWithFetch = async () => {
    const controller = new AbortController();
    abort = controller;
    lastByteAt = Date.now();
    try {
      // Called unbound, as requestJson calls it: `options.fetch(…)` would run a browser's own fetch
      // (given as `fetch: window.fetch`) on the options object, which it refuses (Illegal invocation).
      const fetchStream = options.fetch;
      const response = await fetchStream(options.url, {
        headers: await resolveHeaders(options.headers, { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }),
        cache: 'no-store',
        signal: controller.signal,
      });
      if (abort !== controller || stopped) {
        // Unsubscribed meanwhile and the fetch answered anyway (a custom fetch may ignore the signal):
        // drop the stream rather than report 'realtime' and hints to whoever subscribes next.
        await response.body?.cancel().catch(() => undefined);
        return;
      }
      if (!response.ok || !response.body || !response.headers.get('content-type')?.includes('text/event-stream')) {
        retryAfterMs = retryAfterOf(response);
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`The event stream answered ${response.status}`);
      }
      lastByteAt = Date.now();
      const parser = new SseParser((event) => onEvent(event.type, event.data));
      // The spec's "last event ID buffer" outlives the connection: a stream that ends before naming a
      // new id must still resume from the old one, not from nothing.
      parser.lastEventId = lastEventId;
      const reader = response.body.getReader();
      // Unsubscribing aborts the controller; cancel the reader ourselves too, in case the fetch did
      // not tie the body to the signal.
      controller.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        lastByteAt = Date.now();
        // Open once bytes come, not at the headers: a proxy that buffers the body (the server's
        // `retry:` line, sent at once, included) passes no change, so the hooks must keep polling.
        if (!connected) opened();
        parser.push(decoder.decode(value, { stream: true }));
        lastEventId = parser.lastEventId;
        advisedRetryMs = parser.retryMs ?? advisedRetryMs;
      }
      throw new Error('The event stream ended');
    } catch (error) {
      // A stream the parser gave up on (an event past its cap) is still open: close it, or the
      // server would go on sending into it.
      controller.abort();
      if (abort === controller && !stopped) dropped(error, true);
    }
  };

  const connectWithEventSource = (EventSourceImpl: EventSourceConstructor) => {
    const source = new EventSourceImpl(options.url, { withCredentials: options.withCredentials ?? false });
    eventSource = source;
    source.onopen = () => opened();
    source.addEventListener('task', (event) => onEvent('task', event.data));
    source.addEventListener('reset', (event) => onEvent('reset', event.data));
    source.addEventListener('upstream', (event) => onEvent('upstream', event.data));
    source.onerror = () => {
      if (eventSource !== source) return;
      // CONNECTING: the EventSource retries by itself, sending Last-Event-ID. CLOSED: it gave up
      // (an error status or a wrong content type); we start a new one after a backoff.
      const fatal = source.readyState === CLOSED;
      if (fatal) {
        source.close();
        eventSource = null;
      }
      dropped(new Error('The event stream dropped'), fatal);
    };
  };

  const connect = () => {
    if (stopped) return;
    if (options.EventSource) connectWithEventSource(options.EventSource);
    else void connectWithFetch();
  };

  const stopWake = options.wakeEvents({
    onWake: () => {
      if (stopped) return;
      emit.onHint('all');
      // Also a request still unanswered after that long (its connection died in a sleep, or a
      // proxy holds the stream back): the fetch would wait on it for minutes, or for good.
      // Not while a retry waits out its backoff (the branch below connects once): a second
      // connect here would orphan a stream that `stop` never aborts.
      if (abort && !retryTimer && Date.now() - lastByteAt > SILENT_STREAM_MS) {
        const dead = abort;
        abort = null; // so the aborted read is not reported as a drop of its own
        dead.abort();
        if (connected) dropped(new Error('The event stream went silent'), false);
        return connect();
      }
      if (connected) return upstreamDown ? emit.onConnection('polling', upstreamDown) : emit.onConnection('realtime');
      if (retryTimer) {
        // Waiting out a backoff after a drop: the wake-up is a good moment to try at once.
        clearTimeout(retryTimer);
        retryTimer = null;
        connect();
      }
    },
    onOffline: () => {
      if (!stopped) emit.onConnection('offline');
    },
  });

  connect();

  return () => {
    stopped = true;
    stopWake();
    if (retryTimer) clearTimeout(retryTimer);
    abort?.abort();
    abort = null;
    eventSource?.close();
    eventSource = null;
  };
}
