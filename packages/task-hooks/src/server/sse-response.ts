// One open `text/event-stream` response: a `retry:` advice first, a `: ping` comment on a timer so
// proxies and the client can tell a quiet stream from a dead one, and cleanup on disconnect.
import type { StreamClient, TaskStream } from './task-stream';

export interface SseResponseOptions {
  pingIntervalMs: number;
  retryMs: number;
}

/**
 * Bytes a stream may hold unread for its client (about 2,800 task events) before it is ended: a
 * client that stopped reading (a frozen background tab, a stalled proxy) would otherwise cost the
 * server every event of its user from then on. Its client reconnects with Last-Event-ID, as after
 * any drop, and gets the events it missed, or a `reset` when the replay buffer no longer has them.
 */
export const MAX_UNREAD_BYTES = 256 * 1024;

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
      const client: StreamClient = {
        send(frame) {
          if (!open) return;
          try {
            controller.enqueue(encoder.encode(frame));
          } catch {
            return close(); // the consumer is gone
          }
          if (controller.desiredSize! > floor) return;
          // Too far behind: what is queued goes with it (an error, not a close, which would keep it
          // queued behind a socket that may never be read), and the server ends the connection.
          controller.error(new Error('The stream client stopped reading'));
          close();
        },
        close: () => close(),
      };
      const ping = setInterval(() => client.send(': ping\n\n'), options.pingIntervalMs);
      close = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
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
