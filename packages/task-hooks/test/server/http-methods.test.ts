// A method the contract does not serve on one of its routes: 405 with the Allow header (RFC 9110
// §15.5.6) and the handler's JSON error body, on a real node server. A path with no route at all
// stays 404 (see http-contract.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySource } from '../../src/testing';
import { serveMemory, type MemoryServer } from './helpers/memory-server';

describe('task http handler: a method a route does not serve', () => {
  let served: MemoryServer;
  let id = '';
  beforeAll(async () => {
    served = await serveMemory();
    id = (await served.memory.submit('report', {})).task.id;
  });
  afterAll(() => served.close());

  const send = (path: string, method: string, headers: Record<string, string> = {}) =>
    fetch(`${served.server.url}/api/tasks${path}`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' });

  it('answers 405 with Allow naming the route’s methods, HEAD beside GET', async () => {
    const cases: Array<[path: string, method: string, allow: string]> = [
      ['', 'PUT', 'GET, HEAD, POST'],
      ['', 'DELETE', 'GET, HEAD, POST'],
      ['', 'PATCH', 'GET, HEAD, POST'],
      ['/time', 'POST', 'GET, HEAD'],
      ['/thresholds', 'DELETE', 'GET, HEAD'],
      ['/stream', 'POST', 'GET, HEAD'],
      [`/${id}/events`, 'POST', 'GET, HEAD'],
      [`/${id}/cancel`, 'GET', 'POST'],
      [`/${id}/cancel`, 'HEAD', 'POST'],
      [`/${id}/retry`, 'PUT', 'POST'],
      [`/${id}/cancel`, 'OPTIONS', 'POST'],
    ];
    for (const [path, method, allow] of cases) {
      // A POST declared JSON, so that only the method can be wrong.
      const response = await send(path, method, { 'content-type': 'application/json' });
      const body = method === 'HEAD' ? null : await response.json();
      expect({ path, method, status: response.status, allow: response.headers.get('allow'), type: response.headers.get('content-type'), body }).toEqual({
        path,
        method,
        status: 405,
        allow,
        type: 'application/json; charset=utf-8',
        body: method === 'HEAD' ? null : { error: { code: 'protocol', message: expect.stringContaining(allow) } },
      });
    }
    // Nothing was done to the task.
    expect(served.memory.getTask(id)).toMatchObject({ status: 'pending', cancel_requested_at: null });
  });

  it('answers the method before the content type: a POST of any type to a GET route is 405, not 415', async () => {
    const response = await send('/time', 'POST', { 'content-type': 'text/plain' });
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('still answers 404 where there is no route for any method', async () => {
    for (const [path, method] of [[`/${id}`, 'GET'], [`/${id}`, 'DELETE'], ['/nope/x', 'PUT'], [`/${id}/events/x`, 'POST']] as const) {
      const response = await send(path, method);
      expect({ path, method, status: response.status, allow: response.headers.get('allow') }).toEqual({ path, method, status: 404, allow: null });
    }
  });

  // A malformed percent-encoding can only be in an id (the action names the route): the route and
  // the method are chosen first, as for any other bad id, and the id's 400 comes after. It was
  // decoded first, so a wrong method or a path with no route was answered 400.
  it('chooses the route and the method before decoding the id: a malformed encoding is 400 only on a served route', async () => {
    const cases: Array<[path: string, method: string, status: number, code: string, allow: string | null]> = [
      ['/%ZZ/cancel', 'GET', 405, 'protocol', 'POST'],
      ['/%ZZ/events', 'POST', 405, 'protocol', 'GET, HEAD'],
      ['/%ZZ/x/y', 'GET', 404, 'protocol', null],
      ['/%ZZ', 'GET', 404, 'protocol', null], // `{base}/{id}` alone is no route
      ['/%ZZ/cancel', 'POST', 400, 'invalid_id', null],
      ['/%ZZ/events', 'GET', 400, 'invalid_id', null],
      ['/%74ime', 'GET', 200, '', null], // a route's name percent-encoded is still that route
    ];
    for (const [path, method, status, code, allow] of cases) {
      const response = await send(path, method, { 'content-type': 'application/json' });
      const body = (await response.json()) as { error?: { code: string } };
      expect({ path, method, status: response.status, code: body.error?.code ?? '', allow: response.headers.get('allow') }).toEqual({ path, method, status, code, allow });
    }
  });

  // `/stream` is a route only when the source can subscribe; GET was 404 without one, while
  // another method was 405 with `Allow: GET, HEAD`, offering a GET that is not there.
  it('answers 404 to every method on /stream when the source has no subscribe, as to GET', async () => {
    const plain = await serveMemory({ getSource: async () => createMemorySource({ realtime: false }) });
    try {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS']) {
        const response = await fetch(`${plain.server.url}/api/tasks/stream`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
        });
        const body = method === 'HEAD' ? null : await response.json();
        expect({ method, status: response.status, allow: response.headers.get('allow'), body }).toEqual({
          method,
          status: 404,
          allow: null,
          body: method === 'HEAD' ? null : { error: { code: 'protocol', message: expect.stringContaining('No such route') } },
        });
      }
    } finally {
      await plain.close();
    }
    // Signed out, the source cannot say: 401 for every method, as for GET.
    const signedOut = await serveMemory({ getSource: async () => null });
    try {
      const answer = await fetch(`${signedOut.server.url}/api/tasks/stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(answer.status).toBe(401);
    } finally {
      await signedOut.close();
    }
  });
});
