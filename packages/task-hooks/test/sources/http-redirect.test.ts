// The http source behind an auth middleware whose session has expired: every API request is
// redirected to an HTML sign-in page, which fetch follows to a 200. A real node HTTP server plays
// the middleware; Node's own fetch follows the redirects as a browser's does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { createHttpSource } from '../../src/sources/http';

const ID = '00000000-0000-4000-8000-00000000a11c';

describe('http source redirected to a sign-in page', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/login') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><title>Sign in</title><form method="post"></form>');
      } else if (url.pathname === '/api/slash/') {
        // A redirect that is not a sign-in: the route moved, and answers JSON where it went.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ tasks: [] }));
      } else if (url.pathname === '/api/slash') {
        response.writeHead(308, { location: '/api/slash/' });
        response.end();
      } else {
        response.writeHead(302, { location: `/login?next=${encodeURIComponent(url.pathname)}` });
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as TaskError);

  it('is unauthorized, naming the redirect and the page it ended on, for reads and for POSTs', async () => {
    const source = createHttpSource({ baseUrl: `${base}/api/tasks`, stream: false });
    const calls = [() => source.fetchTasks([ID]), () => source.listTasks(), () => source.serverTime(), () => source.submit('report', {}), () => source.cancel(ID)];
    for (const call of calls) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(TaskError);
      expect([error?.code, error?.retryable]).toEqual(['unauthorized', false]);
      // Where it ended, so a developer can tell a sign-in page from a wrong baseUrl.
      expect(error?.message).toMatch(/redirected to \/login\b/i);
      expect(error?.details.status).toBe(200);
    }
  });

  it('says so too for a baseUrl relative to the page, as the README writes it', async () => {
    // A browser resolves '/api/tasks' against the page; this fetch does the same against the server.
    const pageFetch: typeof fetch = (input, init) => fetch(new URL(String(input), base), init);
    const source = createHttpSource({ baseUrl: '/api/tasks', fetch: pageFetch, stream: false });
    const error = await failure(source.listTasks());
    expect([error?.code, error?.message]).toEqual(['unauthorized', 'Redirected to /login, not the API: sign in again']);
  });

  it('still follows a redirect that ends in the contract\'s JSON', async () => {
    const source = createHttpSource({ baseUrl: `${base}/api/slash`, stream: false });
    expect(await source.listTasks()).toEqual([]);
  });
});
