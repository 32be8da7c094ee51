// @vitest-environment jsdom
// useTaskStatus over the http source, served by createTaskHttpHandler from a memory source whose
// own change feed (the server's upstream) goes down. Safety polling is set to a minute, so while the
// upstream is down only the base-interval poll can bring a change in within the test.
import { cleanup, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { createHttpSource } from '../../src/sources/http';
import { waitFor } from '../sources/helpers/recorder';
import { StatusProbe } from '../sources/helpers/status-probe';
import { serveMemory, type MemoryServer } from './helpers/memory-server';

describe('useTaskStatus while the server\'s upstream is down', () => {
  let served: MemoryServer;

  beforeAll(async () => {
    served = await serveMemory({ pingIntervalMs: 50 });
  });
  afterEach(() => cleanup());
  afterAll(() => served.close());

  it('polls at the base interval while it is down, and is back on realtime when it recovers', async () => {
    const { memory } = served;
    const source = createHttpSource({ baseUrl: `${served.server.url}/api/tasks`, EventSource: null, wakeEvents: () => () => undefined });
    const { task } = await memory.submit('report', {});
    const log: TaskStatusResult[] = [];
    render(
      <TaskProvider source={source} pollInterval={100} safetyPollInterval={60_000}>
        <StatusProbe id={task.id} log={log} />
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
