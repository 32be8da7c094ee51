// An app that signs its requests in a fetch wrapper (`fetch: authedFetch`, no `headers`), in a
// browser, where a native EventSource exists: the stream must go through that fetch too. Read
// with the EventSource it would go unsigned, be refused 401 for good, and the hooks would poll
// forever instead of hearing changes.
import { EventSource as UndiciEventSource } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpSource } from '../../src/sources/http';
import { createMemorySource } from '../../src/testing';
import { serveMemory, type MemoryServer } from '../server/helpers/memory-server';
import { recorder, waitFor } from './helpers/recorder';

const browser = globalThis as { EventSource?: unknown };

describe('http source given an app fetch (and no headers) where EventSource exists', () => {
  let served: MemoryServer | undefined;
  const stops: Array<() => void> = [];
  afterEach(async () => {
    stops.splice(0).forEach((stop) => stop());
    delete browser.EventSource;
    await served?.close();
  });

  it('reads the stream with that fetch, so it carries what the fetch adds', async () => {
    browser.EventSource = UndiciEventSource;
    const memory = createMemorySource();
    served = await serveMemory({ getSource: async (request) => (request.headers.get('authorization') === 'Bearer t' ? memory : null) });
    const authedFetch: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: 'Bearer t' } });
    const source = createHttpSource({ baseUrl: `${served.server.url}/api/tasks`, fetch: authedFetch, wakeEvents: () => () => undefined });
    const rec = recorder();
    stops.push(source.subscribe!(rec));
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime', 3_000);
    const streams = served.server.requests.filter((request) => request.path.endsWith('/stream'));
    expect(streams.map((request) => request.headers.authorization)).toEqual(['Bearer t']);
  });
});
