// @vitest-environment jsdom
// useTaskStatus over the http source against a backend that prints task ids in capitals, as a
// SQL Server driver prints a uniqueidentifier: the contract's handler on a real node server, with
// every id in its answers (JSON and event stream alike) upper-cased on the way out.
import { cleanup, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { createHttpSource } from '../../src/sources/http';
import { serveMemory, type MemoryServer } from '../server/helpers/memory-server';
import { waitFor } from './helpers/recorder';
import { StatusProbe } from './helpers/status-probe';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const shout = (text: string) => text.replace(UUID, (id) => id.toUpperCase());

/** The handler's answer with every uuid in its body in capitals (SSE frames arrive whole per chunk). */
function upperCaseIds(response: Response): Response {
  if (!response.body) return response;
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, controller) => controller.enqueue(encoder.encode(shout(decoder.decode(chunk, { stream: true })))),
    }),
  );
  return new Response(body, { status: response.status, headers: response.headers });
}

describe('http source against a backend that prints ids in capitals', () => {
  let served: MemoryServer;

  beforeAll(async () => {
    served = await serveMemory({ pingIntervalMs: 50 }, upperCaseIds);
    // Ids with letters in them: the memory source numbers its tasks from 1.
    for (let i = 1; i < 10; i += 1) await served.memory.submit('other', {});
  });
  afterEach(() => cleanup());
  afterAll(() => served.close());

  it('shows the task (not not_found) and follows its changes by their hints', async () => {
    const { memory } = served;
    const source = createHttpSource({ baseUrl: `${served.server.url}/api/tasks`, EventSource: null, wakeEvents: () => () => undefined });
    const { task } = await source.submit('report', {});
    expect(task.id).toBe(task.id.toLowerCase()); // a uuid, as the row contract prints it
    const log: TaskStatusResult[] = [];
    // No poll within the test: only the stream's hints can bring a change in.
    render(
      <TaskProvider source={source} pollInterval={60_000} safetyPollInterval={60_000}>
        <StatusProbe id={task.id} log={log} />
      </TaskProvider>,
    );
    const latest = () => log.at(-1)!;
    await waitFor('pending on realtime', () => latest().status === 'pending' && latest().connection === 'realtime', 3_000);
    const { attempt } = memory.worker.claim(task.id)!;
    memory.worker.complete(task.id, attempt);
    await waitFor('completed, by a hint', () => latest().status === 'completed', 3_000);
    expect(log.some((result) => result.status === 'not_found')).toBe(false);
  });

  it('names a reaped task in lower case too, so the hooks re-read the task they watch', async () => {
    const { memory } = served;
    const stale = { ...(await memory.submit('stale', {})).task, created_at: new Date(Date.now() - 31 * 60_000).toISOString() };
    memory.putTask(stale); // pending for 31 minutes: the next submit of its type reaps it
    expect(stale.id).not.toBe(stale.id.toUpperCase());
    const source = createHttpSource({ baseUrl: `${served.server.url}/api/tasks`, stream: false });
    expect((await source.submit('stale', {})).reapedTaskId).toBe(stale.id);
  });
});
