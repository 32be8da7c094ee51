// `serverTime` from a server that prints its clock without a zone (Python's
// `datetime.utcnow().isoformat()` does): read in the browser's own zone, the clock offset would be
// off by that zone, and every task would look hours old west of UTC (stuck) or not yet started east.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { createHttpSource } from '../../src/sources/http';
import { listen } from '../server/helpers/node-server';

describe('http source: serverTime', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  let answer = '';
  beforeAll(async () => {
    server = await listen((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ serverTime: answer }));
    });
  });
  afterAll(() => server.close());

  const serverTime = () => createHttpSource({ baseUrl: `${server.url}/api/tasks`, stream: false }).serverTime();

  it.each(['2026-12-05T22:00:00.123456', '2026-12-05 22:00:00'])('refuses %s, a time without a zone, as protocol', async (text) => {
    answer = text;
    const error = await serverTime().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect((error as TaskError).code).toBe('protocol');
  });

  it.each([
    ['2026-12-05T22:00:00.123Z', Date.UTC(2026, 11, 5, 22, 0, 0, 123)],
    ['2026-12-05T23:00:00+01:00', Date.UTC(2026, 11, 5, 22)],
    ['2026-12-05 22:00:00.5+00', Date.UTC(2026, 11, 5, 22, 0, 0, 500)],
  ])('reads %s, a time with its zone', async (text, ms) => {
    answer = text;
    expect(await serverTime()).toBe(ms);
  });
});
