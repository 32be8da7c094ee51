// @vitest-environment jsdom
// useTaskStatus over the http source, served by createTaskHttpHandler from a memory source whose
// own change feed (the server's upstream) goes down. Safety polling is set to a minute, so while the
// upstream is down only the base-interval poll can bring a change in within the test.
import { cleanup, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createTaskHttpHandler, type TaskHttpHandler } from '../../src/server';
import { createHttpSource } from '../../src/sources/http';
import { createMemorySource, type MemorySource } from '../../src/testing';
import { waitFor } from '../sources/helpers/recorder';
import { serveHandler, type NodeServer } from './helpers/node-server';

function Probe({ id, log }: { id: string; log: TaskStatusResult[] }) {
  log.push(useTaskStatus(id, { liveElapsed: false }));
  return null;
}

describe('useTaskStatus while the server\'s upstream is down', () => {
  let memory: MemorySource;
  let server: NodeServer;
  let handler: TaskHttpHandler;

  beforeAll(async () => {
    memory = createMemorySource();
    handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async () => memory, pingIntervalMs: 50 });
    server = await serveHandler(handler);
  });
  afterEach(() => cleanup());
  afterAll(async () => {
    handler.close();
    await server.close();
  });

  it('polls at the base interval while it is down, and is back on realtime when it recovers', async () => {
    const source = createHttpSource({ baseUrl: `${server.url}/api/tasks`, EventSource: null, wakeEvents: () => () => undefined });
    const { task } = await memory.submit('report', {});
    const log: TaskStatusResult[] = [];
    render(
      <TaskProvider source={source} pollInterval={100} safetyPollInterval={60_000}>
        <Probe id={task.id} log={log} />
      </TaskProvider>,
    );
    const latest = () => log.at(-1)!;
    await waitFor('pending on realtime', () => latest().status === 'pending' && latest().connection === 'realtime');

    memory.setRealtime(false); // no hint will come from the memory source until it is back
    await waitFor('polling', () => latest().connection === 'polling');
    const { attempt } = memory.worker.claim(task.id)!;
    await waitFor('processing, by a poll', () => latest().status === 'processing', 2_000);
    const polls = memory.stats.calls.fetchTasks ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((memory.stats.calls.fetchTasks ?? 0) - polls).toBeGreaterThanOrEqual(3); // ~6 at 100 ms

    memory.setRealtime(true);
    await waitFor('realtime again', () => latest().connection === 'realtime');
    memory.worker.complete(task.id, attempt);
    await waitFor('completed, by a hint', () => latest().status === 'completed', 2_000);
  });
});
