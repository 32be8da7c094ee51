// Express sets `req.originalUrl` on every request and documents it as the URL before any rewrite:
// an app may rewrite `req.url` for its own routing (a version or gateway prefix dropped) before the
// listener. Routing on `originalUrl` ignored the rewrite and answered every route 404; under Express
// the path the app means is `req.baseUrl + req.url` (the mount path, then the rest).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeListener, createTaskHttpHandler } from '../../src/server';
import { createMemorySource } from '../../src/testing';
import { listen } from './helpers/node-server';

type ExpressRequest = IncomingMessage & { originalUrl?: string; baseUrl?: string };
type Listener = (incoming: ExpressRequest, outgoing: ServerResponse) => void;

/**
 * Express: `app.use(mountPath, (req, res, next) => { req.url = req.url.replace(/^\/v1/, ''); next(); },
 * listener)`. app.handle sets originalUrl; use(path) strips the mount path into baseUrl.
 */
function expressRewrite(mountPath: string, fn: Listener): Listener {
  return (incoming, outgoing) => {
    incoming.originalUrl = incoming.url;
    incoming.baseUrl = mountPath;
    incoming.url = (incoming.url!.slice(mountPath.length) || '/').replace(/^\/v1/, '');
    fn(incoming, outgoing);
  };
}

describe('node listener behind an Express middleware that rewrites req.url', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  async function serve(mountPath: string) {
    const memory = createMemorySource();
    const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory });
    const server = await listen(expressRewrite(mountPath, createNodeListener(handler)));
    close = async () => {
      handler.close();
      await server.close();
    };
    return server;
  }

  it('routes on the URL the app rewrote it to', async () => {
    const server = await serve('');
    const time = await fetch(`${server.url}/v1/api/tasks/time`);
    expect(time.status).toBe(200);
  });

  it('routes on the mount path plus the rewritten rest when mounted', async () => {
    const server = await serve('/api');
    const list = await fetch(`${server.url}/api/v1/tasks?limit=5`);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ tasks: [] });
  });
});
