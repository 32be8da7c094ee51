import type { TaskSource } from '@unstuck/task-hooks/core';

const PING_MS = 15_000;

/**
 * `GET {base}/stream`: one `event: task` per change to the caller's tasks (ids already filtered by
 * the source, under RLS), numbered with `id:`. This server keeps no history, so a client that comes
 * back with `Last-Event-ID` gets `event: reset` and refetches everything it watches.
 */
export function taskEventStream(request: Request, source: TaskSource): Response {
  const encoder = new TextEncoder();
  let seq = 0;
  let cleanup = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup(); // the stream was closed under us
        }
      };
      send('retry: 1000\n\n');
      if (request.headers.get('last-event-id')) send(`id: ${++seq}\nevent: reset\ndata: {}\n\n`);
      const unsubscribe = source.subscribe?.({
        onHint(ids) {
          if (ids === 'all') send(`id: ${++seq}\nevent: reset\ndata: {}\n\n`);
          else for (const id of ids) send(`id: ${++seq}\nevent: task\ndata: ${JSON.stringify({ id })}\n\n`);
        },
        onConnection: () => undefined,
      });
      const ping = setInterval(() => send(': ping\n\n'), PING_MS);
      cleanup = () => {
        clearInterval(ping);
        unsubscribe?.();
        cleanup = () => undefined;
      };
      request.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
