// Mounting the fetch-style handler on Node's own http server (or Express / Connect, which take the
// same listener): the request body is buffered, the response body streamed (SSE included), and
// the Request's signal aborts when the client goes away, which closes its event stream.
import type { IncomingMessage, ServerResponse } from 'node:http';

async function toRequest(incoming: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const chunks: Uint8Array[] = [];
  if (incoming.method !== 'GET' && incoming.method !== 'HEAD') for await (const chunk of incoming) chunks.push(chunk as Uint8Array);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const host = incoming.headers.host ?? 'localhost';
  return new Request(new URL(incoming.url ?? '/', `http://${host}`), {
    method: incoming.method ?? 'GET',
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    signal,
  });
}

async function writeResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void outgoing.end();
  const reader = response.body.getReader();
  outgoing.on('close', () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    outgoing.write(value);
  }
  outgoing.end();
}

/**
 * A `(req, res)` listener for `node:http` (or Express) that answers with a fetch-style handler
 * such as `createTaskHttpHandler(…)`.
 * @example
 * import { createServer } from 'node:http';
 * createServer(createNodeListener(createTaskHttpHandler({ basePath: '/api/tasks', getSource }))).listen(3000);
 */
export function createNodeListener(handler: (request: Request) => Promise<Response>): (incoming: IncomingMessage, outgoing: ServerResponse) => void {
  return (incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.on('close', () => controller.abort());
    void toRequest(incoming, controller.signal)
      .then(handler)
      .then((response) => writeResponse(response, outgoing))
      .catch(() => outgoing.destroy());
  };
}
