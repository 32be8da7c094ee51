// A baseUrl that carries a query of its own (an API gateway's `?tenant=` or `?apikey=`): every
// route must keep it, and put its own path before it. Against the contract's handler on a real
// node server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSource } from '../../src/sources/http';
import { serveMemory, type MemoryServer } from '../server/helpers/memory-server';
import { recorder, waitFor } from './helpers/recorder';

describe('http source with a query in its baseUrl', () => {
  let served: MemoryServer;
  beforeAll(async () => {
    served = await serveMemory();
  });
  afterAll(() => served.close());

  it('sends every request to its route with the base query kept', async () => {
    // A `?` may stand inside a query too: only the first one starts it.
    const source = createHttpSource({ baseUrl: `${served.server.url}/api/tasks?tenant=acme&back=/home?tab=1`, EventSource: null, wakeEvents: () => () => undefined });
    const { task } = await source.submit('report', {});
    expect((await source.fetchTasks([task.id])).map((t) => t.id)).toEqual([task.id]);
    expect((await source.fetchEvents(task.id)).map((e) => e.kind)).toEqual(['submitted']);
    expect((await source.cancel(task.id)).status).toBe('cancelled');
    expect(typeof (await source.serverTime())).toBe('number');
    const rec = recorder();
    const stop = source.subscribe!(rec);
    try {
      await waitFor('realtime', () => rec.states.at(-1) === 'realtime', 3_000);
    } finally {
      stop();
    }
    const paths = served.server.requests.map((r) => new URL(r.path, 'http://x'));
    expect(paths.every((url) => url.searchParams.get('tenant') === 'acme' && url.searchParams.get('back') === '/home?tab=1')).toBe(true);
    expect(paths.map((url) => url.pathname)).toEqual(['/api/tasks', '/api/tasks', `/api/tasks/${task.id}/events`, `/api/tasks/${task.id}/cancel`, '/api/tasks/time', '/api/tasks/stream']);
  });
});
