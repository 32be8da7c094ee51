// @vitest-environment jsdom
// useTaskStatus over the http source while the server answers its reads 503 with Retry-After (the
// contract's answer while its database is unreachable): the hooks' retries wait at least as long
// as the server asked, instead of coming back on their own, shorter, backoff.
import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { TaskProvider } from '../../src/react/context';
import { createTaskHttpHandler } from '../../src/server';
import { createHttpSource } from '../../src/sources/http';
import { createMemorySource } from '../../src/testing';
import { advance, flush, freshQueryClient, withFakeClock } from '../react/harness';
import { StatusProbe } from './helpers/status-probe';

describe('hooks over the http source, reads answered 503 with Retry-After', () => {
  withFakeClock();

  it('send the next read no sooner than the server asked', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1); // the top of each backoff window: 2 s after the first failure
    const databaseDown = createTaskHttpHandler({
      basePath: '/api/tasks',
      getSource: async () => {
        throw new TaskError('network', 'connect ECONNREFUSED 127.0.0.1:5432');
      },
    });
    const gaps = await failedReadGaps(databaseDown, 20_000);
    expect(gaps.length).toBeGreaterThan(1);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(5_000);
  });

  it('jitter the wait on top of the Retry-After, so that tabs refused together do not return together', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // the backoff's own first wait (1 s) is below the server's
    const gaps = await failedReadGaps(refusedFor(5), 10_000);
    expect(gaps[0]).toBe(6_250); // 5 s and a quarter: half the jitter's range of half the wait
  });

  it('read a Retry-After given as an HTTP date', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // the backoff's own first wait (1 s) is far below the date
    // The clock starts at 10:00:00 and the first read to fail is the poll at 10:00:02: 8 s, and a quarter more.
    const gaps = await failedReadGaps(refusedFor('Fri, 04 Dec 2026 10:00:10 GMT'), 20_000);
    expect(gaps[0]).toBe(10_000);
  });

  // A Retry-After date is a time on the server's clock (RFC 9110 §10.2.3; the answer's own Date
  // header says what that clock read). Measured from the device clock, a device an hour slow waited
  // the whole cap for an 8 s wait, and one an hour fast did not wait.
  it.each([['slow', 3_600_000], ['fast', -3_600_000]])('read a Retry-After date against the answer\'s Date, the device clock an hour %s', async (_, serverAheadMs) => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const refused = async () => {
      const serverNow = Date.now() + serverAheadMs;
      return new Response(JSON.stringify({ error: { code: 'network', message: 'Try again later' } }), {
        status: 503,
        headers: { date: new Date(serverNow).toUTCString(), 'retry-after': new Date(serverNow + 8_000).toUTCString() },
      });
    };
    const gaps = await failedReadGaps(refused, 40_000);
    expect(gaps[0]).toBe(10_000); // the 8 s asked and a quarter more (random 0.5)
  });

  it('honour a Retry-After just below the cap (25 s of 30 s): no read sooner', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const gaps = await failedReadGaps(refusedFor(25), 80_000);
    expect(gaps.length).toBeGreaterThan(1);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(25_000);
  });

  it('honour a Retry-After equal to the cap (30 s of 30 s): no read sooner', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const gaps = await failedReadGaps(refusedFor(30), 80_000);
    expect(gaps.length).toBeGreaterThan(1);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(30_000);
  });

  it('spread a Retry-After beyond the cap below it, from two thirds of the cap', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const gaps = await failedReadGaps(refusedFor(86400), 70_000);
    expect(gaps[0]).toBe(20_000);
  });

  it('wait no longer than maxBackoffMs, however long the Retry-After', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const gaps = await failedReadGaps(refusedFor(86400), 100_000);
    expect(gaps).toEqual([30_000, 30_000, 30_000]); // DEFAULT_POLL_POLICY.maxBackoffMs
  });
});

/**
 * The gaps between the failed task reads of one useTaskStatus over the http source, once every read
 * is answered by `failing` (after the first, which succeeds), over `forMs`.
 */
async function failedReadGaps(failing: (request: Request) => Promise<Response>, forMs: number): Promise<number[]> {
  const memory = createMemorySource({ realtime: false });
  const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory });
  let down = false;
  const failedReads: number[] = [];
  const source = createHttpSource({
    baseUrl: 'http://app.test/api/tasks',
    stream: false,
    fetch: (async (input: string, init?: RequestInit) => {
      if (!down || !input.includes('ids=')) return handler(new Request(input, init));
      failedReads.push(Date.now());
      return failing(new Request(input, init));
    }) as typeof fetch,
  });
  const { task } = await memory.submit('report', {});
  render(
    <TaskProvider source={source} queryClient={freshQueryClient()}>
      <StatusProbe id={task.id} log={[]} />
    </TaskProvider>,
  );
  await flush();
  await advance(100);
  down = true;
  await advance(forMs);
  return failedReads.slice(1).map((at, i) => at - failedReads[i]!);
}

/** A server (or proxy) refusing every read 503 with this `Retry-After` (seconds, or an HTTP date). */
const refusedFor = (retryAfter: number | string) => async () =>
  new Response(JSON.stringify({ error: { code: 'network', message: 'Try again later' } }), { status: 503, headers: { 'retry-after': String(retryAfter) } });
