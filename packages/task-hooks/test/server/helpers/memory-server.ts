// The contract's handler over one memory source (every caller is its user) on a real node server.
import { createTaskHttpHandler, type TaskHttpHandler, type TaskHttpHandlerOptions } from '../../../src/server';
import { createMemorySource, type MemorySource } from '../../../src/testing';
import { serveHandler, type NodeServer } from './node-server';

export interface MemoryServer {
  memory: MemorySource;
  handler: TaskHttpHandler;
  server: NodeServer;
  close(): Promise<void>;
}

/** `rewrite`, when given, changes every answer on its way out (a backend that differs from ours). */
export async function serveMemory(options: Partial<TaskHttpHandlerOptions> = {}, rewrite?: (response: Response) => Response): Promise<MemoryServer> {
  const memory = createMemorySource();
  const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory, ...options });
  const server = await serveHandler(rewrite ? async (request) => rewrite(await handler(request)) : handler);
  return {
    memory,
    handler,
    server,
    close: async () => {
      handler.close();
      await server.close();
    },
  };
}
