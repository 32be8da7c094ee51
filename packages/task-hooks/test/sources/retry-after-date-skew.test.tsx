// @vitest-environment jsdom
// An HTTP-date Retry-After was measured against the client's clock (Date.now()), but it is a time
// on the server's clock (RFC 9110 §10.2.3; the answer's own Date header says what that clock read).
// With a client clock an hour slow (the skew the kit otherwise survives, see DESIGN "Time") a
// server asking for 8 s was waited on for the whole cap, 30 s; an hour fast, not at all.
import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import { createTaskHttpHandler } from '../../src/server';
import { createHttpSource } from '../../src/sources/http';
import { createMemorySource } from '../../src/testing';
import { advance, flush, freshQueryClient, withFakeClock } from '../react/harness';
import { StatusProbe } from './helpers/status-probe';

describe('Retry-After as an HTTP date, client clock an hour off the server', () => {
  withFakeClock();

  it.each([['slow', 3_600_000], ['fast', -3_600_000]])('client clock an hour %s: waits the 8 s asked and its jitter (10 s at random 0.5)', async (_, serverAheadMs) => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const refused = async () => {
      const serverNow = Date.now() + serverAheadMs;
      return new Response(JSON.stringify({ error: { code: 'network', message: 'Try again later' } }), {
        status: 503,
        headers: { date: new Date(serverNow).toUTCString(), 'retry-after': new Date(serverNow + 8_000).toUTCString() },
      });
    };
    const gaps = await failedReadGaps(refused, 40_000);
    expect(gaps[0]).toBe(10_000);
  });
});

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
