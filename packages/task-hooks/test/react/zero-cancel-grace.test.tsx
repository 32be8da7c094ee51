// @vitest-environment jsdom
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TaskStatusResult } from '../../src/react/types';
import { createMemorySource } from '../../src/testing/memory-source';
import { Probe, advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

describe('a type whose cancel grace is 0 (task_types allows it: cancel_grace >= 0)', () => {
  it('is judged on that 0, as the database judges it, not on the 2 min default', async () => {
    const source = createMemorySource({ realtime: false, types: { at_once: { cancelGraceMs: 0 } } });
    const { task } = await source.submit('at_once', {});
    const { attempt } = source.worker.claim(task.id)!;
    const beat = setInterval(() => source.worker.heartbeat(task.id, attempt), 1_000); // alive, deaf to cancels
    const log: TaskStatusResult[] = [];
    renderWithSource(source, <Probe id={task.id} log={log} options={{ liveElapsed: false }} />);
    await advance(3_000);
    await act(async () => {
      await log.at(-1)!.cancel();
    });
    await advance(3_000);
    // The database already counts it stuck (retry_task accepts it, the reaper cancels it): so does the hook.
    expect(log.at(-1)).toMatchObject({ isCancelling: true, health: { state: 'stuck', reason: 'cancel_not_acknowledged' }, canRetry: true });
    clearInterval(beat);
  });
});
