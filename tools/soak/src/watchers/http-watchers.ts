// Watchers through the http source: createHttpSource (fetch + SSE reader) against
// createTaskHttpHandler on a node server backed by PostgreSQL, with the event streams cut at
// random moments while the load runs.
import { createHttpSource } from '@unstuck/task-hooks/http';
import type { SoakExtension } from '../run';
import { startTaskHttpServer, USER_HEADER, type TaskHttpServer } from './http-server';
import { WatchExtension, type Transport } from './watch-extension';

function httpTransport(): Transport {
  let server: TaskHttpServer | null = null;
  return {
    async start(context) {
      server = await startTaskHttpServer(context.url);
      const baseUrl = server.baseUrl;
      return async (userId) =>
        createHttpSource({
          baseUrl,
          headers: { [USER_HEADER]: userId },
          EventSource: null,
          reconnect: { initialDelayMs: 200, maxDelayMs: 2_000 },
        });
    },
    faults: {
      'stream drop': { weight: 1, inject: () => void server!.dropStreams() },
    },
    async stop() {
      await server?.close();
    },
  };
}

export function httpWatchers(firstUser: number): SoakExtension {
  return new WatchExtension('http', httpTransport(), firstUser);
}
