// A real node HTTP server around a fetch-style handler (through createNodeListener), recording
// request headers and able to cut every connection, as a proxy timeout or a network drop would.
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeListener } from '../../../src/server';

export interface NodeServer {
  url: string;
  /** Headers of every request, in order (tests read Last-Event-ID from them). */
  requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  dropConnections(): void;
  close(): Promise<void>;
}

/** A node HTTP server on a free port of 127.0.0.1, answering with `listener` (a test's own, or ours). */
export async function listen(listener: RequestListener): Promise<{ url: string; dropConnections(): void; close(): Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dropConnections: () => server.closeAllConnections(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function serveHandler(handler: (request: Request) => Promise<Response>): Promise<NodeServer> {
  const requests: NodeServer['requests'] = [];
  const listener = createNodeListener(handler);
  const server = await listen((incoming, outgoing) => {
    requests.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers });
    listener(incoming, outgoing);
  });
  return { ...server, requests };
}
