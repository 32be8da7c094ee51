// createNodeListener mounts any fetch-style handler on node:http, e.g. an app's own handler that
// wraps createTaskHttpHandler and refreshes its session cookies on the way out. Supabase's SSR
// helpers split a session into several cookies (`sb-…-auth-token.0`, `.1`): each is a Set-Cookie
// header of its own, which must reach the browser one by one (RFC 6265 §3: never folded into one).
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHandler, type NodeServer } from './helpers/node-server';

describe('createNodeListener: response headers', () => {
  let server: NodeServer;
  beforeAll(async () => {
    server = await serveHandler(async () => {
      const headers = new Headers({ 'content-type': 'application/json; charset=utf-8' });
      headers.append('set-cookie', 'sb-auth-token.0=first; Path=/; HttpOnly');
      headers.append('set-cookie', 'sb-auth-token.1=second; Path=/; HttpOnly');
      headers.append('vary', 'cookie');
      headers.append('vary', 'accept');
      return new Response('{}', { headers });
    });
  });
  afterAll(() => server.close());

  it('sends every Set-Cookie header, each on its own, and other repeated headers joined', async () => {
    const answer = await new Promise<{ cookies: string[] | undefined; vary: string | undefined }>((resolve, reject) => {
      get(`${server.url}/anything`, (response) => {
        response.resume();
        resolve({ cookies: response.headers['set-cookie'], vary: response.headers.vary });
      }).on('error', reject);
    });
    expect(answer).toEqual({
      cookies: ['sb-auth-token.0=first; Path=/; HttpOnly', 'sb-auth-token.1=second; Path=/; HttpOnly'],
      vary: 'cookie, accept',
    });
  });
});
