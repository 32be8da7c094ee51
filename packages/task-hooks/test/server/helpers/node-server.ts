// Mounts a fetch-style handler `(Request) => Promise<Response>` on a real node HTTP server, the
// way Next.js and other adapters do: the request body is buffered, the response body streamed,
// and the Request's signal aborts when the client goes away.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NodeServer {
  url: string;
  /** Headers of every request, in order (tests read Last-Event-ID from them). */
  requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  /** Cuts every open connection, as a proxy timeout or a network drop would. */
  dropConnections(): void;
  close(): Promise<void>;
}

async function toRequest(incoming: IncomingMessage, base: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  if (incoming.method !== 'GET' && incoming.method !== 'HEAD') for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
  return new Request(new URL(incoming.url ?? '/', base), {
    method: incoming.method,
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

export async function serveHandler(handler: (request: Request) => Promise<Response>): Promise<NodeServer> {
  const requests: NodeServer['requests'] = [];
  const server = createServer((incoming, outgoing) => {
    requests.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers });
    const controller = new AbortController();
    outgoing.on('close', () => controller.abort());
    void toRequest(incoming, base, controller.signal)
      .then(handler)
      .then((response) => writeResponse(response, outgoing))
      .catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    dropConnections: () => server.closeAllConnections(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
