// One open `text/event-stream` response: a `retry:` advice first, a `: ping` comment on a timer so
// proxies and the client can tell a quiet stream from a dead one, and cleanup on disconnect.
import type { StreamClient, TaskStream } from './task-stream';

export interface SseResponseOptions {
  pingIntervalMs: number;
  retryMs: number;
}

/**
 * Bytes a stream may hold unread for its client (about 2,800 task events): past them, a client
 * that reads none of them for STALL_CHECK_MS is ended. A client that stopped reading (a frozen
 * background tab, a stalled proxy) would otherwise cost the server every event of its user from
 * then on. Its client reconnects with Last-Event-ID, as after any drop, and gets the events it
 * missed, or a `reset` when the replay buffer no longer has them.
 */
export const MAX_UNREAD_BYTES = 256 * 1024;

/**
 * How long a stream may stay over MAX_UNREAD_BYTES with nothing read before it is ended (a client
 * that reads but is not back under the bound by then gets as long again). Judged over time, not at
 * each event: a bulk change enqueues all its events in one synchronous loop, before the writer has a
 * turn, and a client reading at once was ended by any change to more than ~3,000 tasks. 5 s: a client
 * that reads takes something of a burst in far less on any link that carries the page, and it covers
 * a TCP retransmission or two (the timeout starts at 1 s and doubles) and a busy tab.
 */
export const STALL_CHECK_MS = 5_000;

/**
 * Unread bytes past which a stream is ended at once (about 48,000 task events, so also a client
 * that reads, given one change to that many tasks at once): what a stalled client costs at worst
 * while STALL_CHECK_MS runs, however fast its user's tasks change; else 256 KiB and what its user's
 * changes add in 5 s.
 */
export const MAX_QUEUED_BYTES = 16 * MAX_UNREAD_BYTES;

export function sseResponse(request: Request, stream: TaskStream, options: SseResponseOptions): Response {
  const encoder = new TextEncoder();
  let close = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      // How low `desiredSize` may go before the client counts as stalled: no bound while `attach`
      // queues the replay (the replay buffer bounds it, and a client that reads at once would
      // otherwise be ended by a long one, again at each reconnect); then 0, MAX_UNREAD_BYTES queued
      // in all, or, after a replay longer than that (a `replayBufferSize` far above the default:
      // task events are about 90 bytes), no more than the replay left queued.
      let floor = -Infinity;
      /** Bytes enqueued so far; less what is queued, the bytes the client has taken. */
      let enqueued = 0;
      const taken = () => enqueued - (MAX_UNREAD_BYTES - controller.desiredSize!);
      let stallTimer: ReturnType<typeof setTimeout> | undefined;
      /** Runs STALL_CHECK_MS after the queue went over the bound; `before`: what was taken then. */
      const checkStall = (before: number) => {
        stallTimer = undefined;
        if (!open || controller.desiredSize! > floor) return; // closed, or caught up
        if (taken() === before) return stalled(); // over the bound, and nothing read since
        stallTimer = setTimeout(checkStall, STALL_CHECK_MS, taken()); // reading, not caught up yet
      };
      // Too far behind: what is queued goes with it (an error, not a close, which would keep it
      // queued behind a socket that may never be read), and the server ends the connection.
      const stalled = () => {
        controller.error(new Error('The stream client stopped reading'));
        close();
      };
      const client: StreamClient = {
        send(frame) {
          if (!open) return;
          const bytes = encoder.encode(frame);
          try {
            controller.enqueue(bytes);
          } catch {
            return close(); // the consumer is gone
          }
          enqueued += bytes.byteLength;
          const size = controller.desiredSize!;
          if (size > floor) return;
          if (size <= floor - (MAX_QUEUED_BYTES - MAX_UNREAD_BYTES)) return stalled();
          stallTimer ??= setTimeout(checkStall, STALL_CHECK_MS, taken());
        },
        close: () => close(),
      };
      const ping = setInterval(() => client.send(': ping\n\n'), options.pingIntervalMs);
      close = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        clearTimeout(stallTimer);
        stream.detach(client);
        try {
          controller.close();
        } catch {
          // already closed or errored
        }
      };
      client.send(`retry: ${options.retryMs}\n\n`);
      stream.attach(client, request.headers.get('last-event-id'));
      floor = Math.min(0, controller.desiredSize!);
      if (request.signal.aborted) close();
      else request.signal.addEventListener('abort', () => close(), { once: true });
    },
    cancel() {
      close();
    },
  }, { highWaterMark: MAX_UNREAD_BYTES, size: (chunk) => chunk.byteLength });
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      // nginx and friends buffer responses unless told not to.
      'x-accel-buffering': 'no',
    },
  });
}
