// @vitest-environment jsdom
// useSubmitTask's guards: one submit at a time per hook, no success callback after unmount, and
// a submit whose answer never comes back.
import { onlineManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useSubmitTask, type SubmitOutcome, type UseSubmitTaskResult, type UseSubmitTaskOptions } from '../../src/react/use-submit-task';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, flush, renderSubmitPanel, renderWithSource, withFakeClock } from './harness';

withFakeClock();

function SubmitPanel({ log, options }: { log: UseSubmitTaskResult<{ n: number }>[]; options?: UseSubmitTaskOptions<{ n: number }> }) {
  log.push(useSubmitTask<{ n: number }>('export', options));
  return null;
}

describe('useSubmitTask: a second call while a submit is out', () => {
  it('sends nothing and answers with the first one (a double press starts one task, not two)', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 400 }); // `export` is not exclusive here
    const log: UseSubmitTaskResult<{ n: number }>[] = [];
    renderWithSource(source, <SubmitPanel log={log} />);
    await flush();
    let first!: Promise<SubmitOutcome | undefined>;
    let second!: Promise<SubmitOutcome | undefined>;
    let other!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      // Both presses before a render could disable the button.
      const { submit } = log.at(-1)!;
      first = submit({ n: 1 });
      second = submit({ n: 1 });
    });
    expect(log.at(-1)?.isPending).toBe(true);
    await act(async () => {
      other = log.at(-1)!.submit({ n: 2 }); // another payload while it is out: shared too
    });
    await advance(500);
    const [a, b, c] = await act(() => Promise.all([first, second, other]));
    expect(source.stats.calls.submit).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a?.task.payload).toEqual({ n: 1 });
    expect(source.store.rows.size).toBe(1); // one task, not two
    // Once it has settled, the next call is a submit of its own.
    let next!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      next = log.at(-1)!.submit({ n: 3 });
    });
    await advance(500);
    const again = await next;
    expect(source.stats.calls.submit).toBe(2);
    expect(again?.task.id).not.toBe(a?.task.id);
  });
});

describe('useSubmitTask: onSubmitted', () => {
  it('is called while the hook is mounted', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 400 });
    const log: UseSubmitTaskResult<{ n: number }>[] = [];
    const onSubmitted = vi.fn();
    renderWithSource(source, <SubmitPanel log={log} options={{ onSubmitted }} />);
    await flush();
    await act(async () => {
      void log.at(-1)!.submit({ n: 1 });
    });
    await advance(500);
    expect(onSubmitted).toHaveBeenCalledTimes(1);
    expect(onSubmitted).toHaveBeenCalledWith(expect.objectContaining({ created: true, attachedToExisting: false }));
  });

  it('is not called once the hook has unmounted (an onSubmitted that navigates would pull the user back)', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 400 });
    const log: UseSubmitTaskResult<{ n: number }>[] = [];
    const onSubmitted = vi.fn();
    const { unmount } = renderWithSource(source, <SubmitPanel log={log} options={{ onSubmitted }} />);
    await flush();
    let done!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      done = log.at(-1)!.submit({ n: 1 });
    });
    unmount(); // the user left the page
    await advance(500);
    expect(source.stats.calls.submit).toBe(1);
    expect((await done)?.created).toBe(true); // the submit went through, and its caller has it
    expect(onSubmitted).not.toHaveBeenCalled();
  });

  it('is not called once the hook submits another type (the answer is for the type the user left)', async () => {
    const source = createMemorySource({ realtime: false, latencyMs: 400 });
    const log: UseSubmitTaskResult[] = [];
    const onSubmitted = vi.fn();
    function Panel({ type }: { type: string }) {
      log.push(useSubmitTask(type, { onSubmitted }));
      return null;
    }
    const { rerenderWith } = renderWithSource(source, <Panel type="export" />);
    await flush();
    let done!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      done = log.at(-1)!.submit({});
    });
    rerenderWith(<Panel type="report" />);
    await advance(500);
    expect((await done)?.task.type).toBe('export');
    expect(onSubmitted).not.toHaveBeenCalled();
  });
});

describe('useSubmitTask: a submit whose answer never comes back', () => {
  it('fails as a network error after 20 s that says the task may exist, and useActiveTask reads it', async () => {
    const source = createMemorySource({ realtime: false });
    const submit = source.submit.bind(source);
    // The request reaches the server (the task is created) but its answer is lost.
    source.submit = (type, payload) => {
      void submit(type, payload);
      return new Promise<never>(() => undefined);
    };
    const { submits, actives } = renderSubmitPanel(source);
    await flush();
    expect(actives.at(-1)?.task).toBeNull();
    let done!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      done = submits.at(-1)!.submit({ n: 1 });
    });
    await advance(19_000);
    expect(submits.at(-1)?.isPending).toBe(true);
    await advance(1_500); // 20.5 s: before useActiveTask's own 30 s refresh
    expect(submits.at(-1)).toMatchObject({ isPending: false, error: { code: 'network', retryable: true } });
    expect(await done).toBeUndefined();
    expect(submits.at(-1)?.error?.message).toMatch(/may have been created/);
    expect(actives.at(-1)?.task).toMatchObject({ type: 'export', status: 'pending', payload: { n: 1 } });
  });
});

describe('useSubmitTask: a submit while the device is offline', () => {
  it('fails as a network error instead of waiting, disabled, for the device to come back (and starting the task then)', async () => {
    const source = createMemorySource({ realtime: false });
    const { submits } = renderSubmitPanel(source);
    await flush();
    onlineManager.setOnline(false);
    source.setOffline(true);
    let done!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      done = submits.at(-1)!.submit({ n: 1 });
    });
    await advance(20_500);
    expect(submits.at(-1)).toMatchObject({ isPending: false, error: { code: 'network' } });
    expect(await done).toBeUndefined();
    // Back online an hour later: the press was reported failed, so nothing is started behind the user's back.
    await advance(3_600_000);
    source.setOffline(false);
    await act(async () => {
      onlineManager.setOnline(true);
    });
    await advance(1_000);
    expect(source.store.rows.size).toBe(0);
  });
});

describe('useSubmitTask: a slow submit that succeeds after the 20 s timeout', () => {
  it('still shows its task at once when the late answer comes (the request cannot be aborted), without calling onSubmitted', async () => {
    const source = createMemorySource({ realtime: false });
    const submit = source.submit.bind(source);
    // Slow but alive: the task is created only at 25 s, after the hook has given up (the
    // invalidation at 20 s finds no active task).
    source.submit = (type, payload) => new Promise((resolve) => setTimeout(resolve, 25_000)).then(() => submit(type, payload));
    const onSubmitted = vi.fn();
    const { submits, actives } = renderSubmitPanel(source, { onSubmitted });
    await flush();
    let done!: Promise<SubmitOutcome | undefined>;
    await act(async () => {
      done = submits.at(-1)!.submit({ n: 1 });
    });
    await advance(20_500);
    expect(await done).toBeUndefined();
    expect(submits.at(-1)?.error?.code).toBe('network');
    expect(actives.at(-1)?.task).toBeNull(); // not created yet
    await advance(5_000); // 25.5 s: the answer has come; useActiveTask's own refresh is not due before 50 s
    expect(source.store.rows.size).toBe(1);
    expect(actives.at(-1)?.task).toMatchObject({ type: 'export', status: 'pending', payload: { n: 1 } });
    // The hook already reported the failure: no success callback for the same press.
    expect(onSubmitted).not.toHaveBeenCalled();
    expect(submits.at(-1)?.error?.code).toBe('network');
  });
});
