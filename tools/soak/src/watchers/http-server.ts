// createTaskHttpHandler (the HTTP + SSE contract) on a plain node HTTP server, backed by the
// Postgres TaskSource. The caller's identity is the `x-soak-user` header — a test stand-in for
// the app's session cookie. dropStreams() cuts every open event stream, as a proxy timeout would.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTaskId } from '@unstuck/task-hooks/core';
import { createNodeListener, createTaskHttpHandler } from '@unstuck/task-hooks/server';
import { createPgSources } from './pg-source';

export const USER_HEADER = 'x-soak-user';

export interface TaskHttpServer {
  /** The contract's base URL, e.g. http://127.0.0.1:1234/api/tasks. */
  baseUrl: string;
  /** Open event streams right now. */
  readonly openStreams: number;
  dropStreams(): number;
  close(): Promise<void>;
}

export async function startTaskHttpServer(databaseUrl: string): Promise<TaskHttpServer> {
  const sources = createPgSources(databaseUrl);
  const handler = createTaskHttpHandler({
    basePath: '/api/tasks',
    getSource: async (request) => {
      const user = request.headers.get(USER_HEADER);
      return isTaskId(user) ? sources.sourceFor(user) : null;
    },
    pingIntervalMs: 5_000,
    retryMs: 500,
  });
  const listener = createNodeListener(handler);
  const streams = new Set<ServerResponse>();
  const server = createServer((incoming, outgoing) => {
    if ((incoming.url ?? '').split('?')[0]!.endsWith('/stream')) {
      streams.add(outgoing);
      outgoing.on('close', () => streams.delete(outgoing));
    }
    listener(incoming, outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/api/tasks`,
    get openStreams() {
      return streams.size;
    },
    dropStreams() {
      const n = streams.size;
      for (const stream of streams) stream.socket?.destroy();
      streams.clear();
      return n;
    },
    async close() {
      handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sources.close();
    },
  };
}
