// @vitest-environment jsdom
// useTaskStatus over the http source against a backend that prints task ids in capitals, as a
// SQL Server driver prints a uniqueidentifier: the contract's handler on a real node server, with
// every id in its answers (JSON and event stream alike) upper-cased on the way out.
import { cleanup, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createTaskHttpHandler, type TaskHttpHandler } from '../../src/server';
import { createHttpSource } from '../../src/sources/http';
import { createMemorySource, type MemorySource } from '../../src/testing';
import { serveHandler, type NodeServer } from '../server/helpers/node-server';
import { waitFor } from './helpers/recorder';

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

function Probe({ id, log }: { id: string; log: TaskStatusResult[] }) {
  log.push(useTaskStatus(id, { liveElapsed: false }));
  return null;
}

describe('http source against a backend that prints ids in capitals', () => {
  let memory: MemorySource;
  let server: NodeServer;
  let handler: TaskHttpHandler;

  beforeAll(async () => {
    memory = createMemorySource();
    // Ids with letters in them: the memory source numbers its tasks from 1.
    for (let i = 1; i < 10; i += 1) await memory.submit('other', {});
    handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory, pingIntervalMs: 50 });
    server = await serveHandler(async (request) => upperCaseIds(await handler(request)));
  });
  afterEach(() => cleanup());
  afterAll(async () => {
    handler.close();
    await server.close();
  });

  it('shows the task (not not_found) and follows its changes by their hints', async () => {
    const source = createHttpSource({ baseUrl: `${server.url}/api/tasks`, EventSource: null, wakeEvents: () => () => undefined });
    const { task } = await source.submit('report', {});
    expect(task.id).toBe(task.id.toLowerCase()); // a uuid, as the row contract prints it
    const log: TaskStatusResult[] = [];
    // No poll within the test: only the stream's hints can bring a change in.
    render(
      <TaskProvider source={source} pollInterval={60_000} safetyPollInterval={60_000}>
        <Probe id={task.id} log={log} />
      </TaskProvider>,
    );
    const latest = () => log.at(-1)!;
    await waitFor('pending on realtime', () => latest().status === 'pending' && latest().connection === 'realtime', 3_000);
    const { attempt } = memory.worker.claim(task.id)!;
    memory.worker.complete(task.id, attempt);
    await waitFor('completed, by a hint', () => latest().status === 'completed', 3_000);
    expect(log.some((result) => result.status === 'not_found')).toBe(false);
  });
});
