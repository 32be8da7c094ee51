// @vitest-environment jsdom
// useTaskStatus over the http source while the server answers its reads 503 with Retry-After (the
// contract's answer while its database is unreachable): the hooks' retries wait at least as long
// as the server asked, instead of coming back on their own, shorter, backoff.
import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { createTaskHttpHandler } from '../../src/server';
import { createHttpSource } from '../../src/sources/http';
import { createMemorySource } from '../../src/testing';
import { advance, flush, freshQueryClient, withFakeClock } from '../react/harness';
import { StatusProbe } from './helpers/status-probe';

describe('hooks over the http source, reads answered 503 Retry-After: 5', () => {
  withFakeClock();

  it('send the next read no sooner than the server asked', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1); // the top of each backoff window: 2 s after the first failure
    const memory = createMemorySource({ realtime: false });
    let databaseDown = false;
    const handler = createTaskHttpHandler({
      basePath: '/api/tasks',
      getSource: async () => {
        if (databaseDown) throw new TaskError('network', 'connect ECONNREFUSED 127.0.0.1:5432');
        return memory;
      },
    });
    const failedReads: number[] = [];
    const source = createHttpSource({
      baseUrl: 'http://app.test/api/tasks',
      stream: false,
      fetch: (async (input: string, init?: RequestInit) => {
        const response = await handler(new Request(input, init));
        if (input.includes('ids=') && response.status === 503) failedReads.push(Date.now());
        return response;
      }) as typeof fetch,
    });
    const { task } = await memory.submit('report', {});
    const log: TaskStatusResult[] = [];
    render(
      <TaskProvider source={source} queryClient={freshQueryClient()}>
        <StatusProbe id={task.id} log={log} />
      </TaskProvider>,
    );
    await flush();
    await advance(100);
    expect(log.at(-1)?.status).toBe('pending');
    databaseDown = true;
    await advance(20_000);
    const gaps = failedReads.slice(1).map((at, i) => at - failedReads[i]!);
    expect(gaps.length).toBeGreaterThan(1);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(5_000);
  });
});
