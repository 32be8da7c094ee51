// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { useTasks, type UseTasksResult } from '../../src/react/use-tasks';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, Probe, withFakeClock } from './harness';

// An app that puts its own QueryClientProvider inside TaskProvider (or a feature's provider deeper
// down) must not take the hooks' rows away from the client that polls them: the scheduler refetches
// through the provider's client, and rows cached in another were read once, at mount, and never again.
withFakeClock();

function Many({ ids, log }: { ids: string[]; log: UseTasksResult[] }) {
  log.push(useTasks(ids, { liveElapsed: false }));
  return null;
}

describe('a QueryClientProvider of the app inside TaskProvider', () => {
  it('keeps polling useTaskStatus and useTasks: a task that completes shows completed', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const one: TaskStatusResult[] = [];
    const many: UseTasksResult[] = [];
    render(
      <TaskProvider source={source}>
        <QueryClientProvider client={new QueryClient()}>
          <Probe id={task.id} log={one} options={{ liveElapsed: false }} />
          <Many ids={[task.id]} log={many} />
        </QueryClientProvider>
      </TaskProvider>,
    );
    await advance(1_000);
    expect(one.at(-1)?.status).toBe('pending');

    const { attempt } = source.worker.claim(task.id)!;
    source.worker.complete(task.id, attempt, { url: 'x' });
    await advance(2_000); // the next poll
    expect(one.at(-1)?.status).toBe('completed');
    expect(many.at(-1)?.tasks[0]?.status).toBe('completed');
  });
});
