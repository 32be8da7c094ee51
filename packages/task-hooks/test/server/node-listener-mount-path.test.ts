// createNodeListener mounted under a path, `app.use('/api/tasks', listener)` in Express or Connect:
// the router strips the mount path from `req.url` (`/api/tasks/time` arrives as `/time`) and keeps
// the full one in `req.originalUrl`. The handler routes on the full path (its basePath), so reading
// `req.url` alone made every route a 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeListener, createTaskHttpHandler } from '../../src/server';
import { createMemorySource } from '../../src/testing';
import { listen } from './helpers/node-server';

/** What Express's and Connect's `use(path, fn)` do to the request before calling `fn`. */
function mountedAt(path: string, fn: (incoming: IncomingMessage, outgoing: ServerResponse) => void) {
  return (incoming: IncomingMessage & { originalUrl?: string }, outgoing: ServerResponse) => {
    incoming.originalUrl = incoming.url;
    incoming.url = incoming.url!.slice(path.length) || '/';
    fn(incoming, outgoing);
  };
}

describe('node listener mounted under a path', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('routes on the full path the client asked for', async () => {
    const memory = createMemorySource();
    const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory });
    const server = await listen(mountedAt('/api/tasks', createNodeListener(handler)));
    close = async () => {
      handler.close();
      await server.close();
    };
    const time = await fetch(`${server.url}/api/tasks/time`);
    expect(time.status).toBe(200);
    expect(await time.json()).toHaveProperty('serverTime');
    const list = await fetch(`${server.url}/api/tasks?limit=5`);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ tasks: [] });
  });
});
