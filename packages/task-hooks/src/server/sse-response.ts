// One open `text/event-stream` response: a `retry:` advice first, a `: ping` comment on a timer so
// proxies and the client can tell a quiet stream from a dead one, and cleanup on disconnect.
import type { StreamClient, TaskStream } from './task-stream';

export interface SseResponseOptions {
  pingIntervalMs: number;
  retryMs: number;
}

export function sseResponse(request: Request, stream: TaskStream, options: SseResponseOptions): Response {
  const encoder = new TextEncoder();
  let close = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const client: StreamClient = {
        send(frame) {
          if (!open) return;
          try {
            controller.enqueue(encoder.encode(frame));
          } catch {
            close(); // the consumer is gone
          }
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
      if (request.signal.aborted) close();
      else request.signal.addEventListener('abort', () => close(), { once: true });
    },
    cancel() {
      close();
    },
  });
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
