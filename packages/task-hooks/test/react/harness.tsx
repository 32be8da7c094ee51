import { QueryClient, notifyManager } from '@tanstack/react-query';
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode, version as reactVersion, type ReactNode } from 'react';
import { onlineManager } from '@tanstack/react-query';
import { afterEach, beforeEach, vi } from 'vitest';
import { actAsyncFor } from '../../../../tools/peers-floor/act-async';
import { TaskProvider, type TaskProviderProps } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskStatus, type UseTaskStatusOptions } from '../../src/react/use-task-status';
import type { MemorySource } from '../../src/testing/memory-source';
import { TaskError } from '../../src/core/errors';
import { useActiveTask, type UseActiveTaskResult } from '../../src/react/use-active-task';
import { useSubmitTask, type UseSubmitTaskOptions, type UseSubmitTaskResult } from '../../src/react/use-submit-task';

// TanStack Query delivers notifications on a 0 ms timer; under fake timers that is a whole
// extra millisecond of fake time. A microtask keeps renders at the instant of the change.
notifyManager.setScheduler((callback) => void Promise.resolve().then(callback));

/** A fresh QueryClient per test, quiet and without retries. */
export function freshQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
}

export function renderWithSource(
  source: MemorySource,
  ui: ReactNode,
  props: Partial<TaskProviderProps> & { strict?: boolean } = {},
): { queryClient: QueryClient; unmount: () => void; container: HTMLElement; rerenderWith: (node: ReactNode) => void } {
  const { strict, ...rest } = props;
  const queryClient = rest.queryClient ?? freshQueryClient();
  const tree = (node: ReactNode) => {
    const inner = (
      <TaskProvider source={source} queryClient={queryClient} {...rest}>
        {node}
      </TaskProvider>
    );
    return strict ? <StrictMode>{inner}</StrictMode> : inner;
  };
  const utils = render(tree(ui));
  return { queryClient, unmount: utils.unmount, container: utils.container, rerenderWith: (node: ReactNode) => utils.rerender(tree(node)) };
}

/**
 * Renders `useSubmitTask('export')` beside `useActiveTask('export')`, as a page with a start
 * button and a "your running task" panel would; returns every result of each, in render order.
 */
export function renderSubmitPanel(source: MemorySource, options?: UseSubmitTaskOptions<{ n: number }>) {
  const submits: UseSubmitTaskResult<{ n: number }>[] = [];
  const actives: UseActiveTaskResult[] = [];
  function Panel() {
    submits.push(useSubmitTask<{ n: number }>('export', options));
    actives.push(useActiveTask('export'));
    return null;
  }
  renderWithSource(source, <Panel />);
  return { submits, actives };
}

/** Runs `work` inside act() (outside it under React 18, whose act() holds renders: see actAsyncFor). */
export const actAsync = actAsyncFor(act, reactVersion);

/** Advances fake time, letting promises settle between timers. */
export async function advance(ms: number): Promise<void> {
  await actAsync(() => vi.advanceTimersByTimeAsync(ms));
}

/** Lets pending microtasks (batched fetches, hints) settle without moving time. */
export async function flush(): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

/** Fake timers from a fixed instant for every test of the file; real timers and a clean DOM after. */
export function withFakeClock(start = '2026-12-04T10:00:00Z'): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date(start) });
  });
  afterEach(() => {
    cleanup();
    // The hooks follow TanStack's process-wide online manager: a test that went offline must not
    // leave the next one offline.
    onlineManager.setOnline(true);
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}

/** Renders `useTaskStatus` and records every state it returns, in order. */
export function Probe({ id, log, options }: { id: string | null | undefined; log: TaskStatusResult[]; options?: UseTaskStatusOptions }) {
  log.push(useTaskStatus(id, options));
  return null;
}

/**
 * `source` whose reads of `method` are answered by the database at once and arrive `ms` later (a
 * slow query, a cold server): a change made meanwhile is not in them. Only the first when `firstOnly`.
 */
export function slowReads(source: MemorySource, method: 'fetchActiveTask' | 'fetchEvents', ms: number, firstOnly = false): MemorySource {
  const read = source[method].bind(source) as (arg: string) => Promise<unknown>;
  let calls = 0;
  return Object.assign(Object.create(source) as MemorySource, {
    [method]: async (arg: string) => {
      const answer = await read(arg);
      if (!firstOnly || ++calls === 1) await new Promise((resolve) => setTimeout(resolve, ms));
      return answer;
    },
  });
}

/** A task whose worker beats every second, alive throughout, until `stop()`. */
export function beatingTask(source: MemorySource) {
  const { task } = source.store.submit('export', {});
  const { attempt } = source.worker.claim(task.id)!;
  const beat = setInterval(() => source.worker.heartbeat(task.id, attempt), 1_000);
  return { task, attempt, stop: () => clearInterval(beat) };
}

/** A read on a keep-alive socket that died in a sleep: it fails as `network` 20 ms after it is sent. */
export async function socketDied(): Promise<never> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  throw new TaskError('network', 'network: socket died in the sleep');
}
