// @vitest-environment jsdom
// TaskProvider whose props change while it is mounted.
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, freshQueryClient, withFakeClock } from './harness';

withFakeClock();

describe('TaskProvider props changed at runtime', () => {
  it('keeps rendering when its queryClient prop is dropped (it falls back to a client of its own)', async () => {
    const source = createMemorySource({ realtime: false });
    const { task } = source.store.submit('export', {});
    const log: TaskStatusResult[] = [];
    const view = render(
      <TaskProvider source={source} queryClient={freshQueryClient()}>
        <Probe id={task.id} log={log} options={{ liveElapsed: false }} />
      </TaskProvider>,
    );
    await advance(100);
    expect(log.at(-1)?.status).toBe('pending');
    // e.g. `queryClient={testing ? testClient : undefined}`, or a client kept in state and cleared.
    view.rerender(
      <TaskProvider source={source}>
        <Probe id={task.id} log={log} options={{ liveElapsed: false }} />
      </TaskProvider>,
    );
    await advance(100);
    expect(log.at(-1)?.status).toBe('pending');
  });
});
