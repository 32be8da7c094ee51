// createNodeListener mounted in an Express app that parses JSON bodies first (`app.use(express.json())`,
// the usual setup): the middleware has read the request stream to its end and left the value on
// `req.body`. The listener must answer from it; waiting for a stream that has already ended would
// leave every submit, cancel and retry hanging until the client gives up.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeListener, createTaskHttpHandler } from '../../src/server';
import { createMemorySource } from '../../src/testing';
import { listen } from './helpers/node-server';

type Parsed = 'json' | 'raw';

/** What express.json() (or raw()) does before the next handler runs: read the whole body, keep its value on `req.body`. */
function parseFirst(as: Parsed, next: (incoming: IncomingMessage, outgoing: ServerResponse) => void) {
  return (incoming: IncomingMessage & { body?: unknown }, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const bytes = Buffer.concat(chunks);
      incoming.body = as === 'raw' ? bytes : JSON.parse(bytes.toString('utf8'));
      next(incoming, outgoing);
    });
  };
}

describe('node listener behind a JSON body parser', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it.each<Parsed>(['json', 'raw'])('submits with the body the %s parser read, instead of waiting for a stream that has ended', async (as) => {
    const memory = createMemorySource();
    const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory });
    const server = await listen(parseFirst(as, createNodeListener(handler)));
    close = async () => {
      handler.close();
      await server.close();
    };
    const response = await fetch(`${server.url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'report', payload: { n: 1 } }),
      signal: AbortSignal.timeout(3_000),
    });
    expect(response.status).toBe(201);
    const { task } = (await response.json()) as { task: { id: string; type: string } };
    expect(task.type).toBe('report');
    expect((await memory.fetchTasks([task.id]))[0]?.payload).toEqual({ n: 1 });
  });
});
