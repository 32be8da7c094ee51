// heartbeat_task and fail_task look at the fence before their arguments (migration 0015): a
// zombie worker that sends a bad value hears it is stale or inactive, not `invalid_id`, so it
// drops the work rather than fixing the value and trying again for a task nobody waits on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemorySource } from '../../src/testing/memory-source';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A task claimed once, then failed: its attempt is over. */
async function finishedAttempt() {
  const source = createMemorySource();
  const { task } = await source.submit('export', {});
  const { attempt } = source.worker.claim(task.id)!;
  source.worker.fail(task.id, attempt, 'worker_error', 'gave up');
  return { source, id: task.id, attempt };
}

describe('memory source fences a bad worker argument first, as 0015 does', () => {
  it('answers a zombie heartbeat with progress outside 0..1 with its rejection', async () => {
    const { source, id, attempt } = await finishedAttempt();
    expect(source.worker.heartbeat(id, attempt, 1.5)).toEqual({ accepted: false, keep_going: false, reason: 'not_active' });
    expect(source.worker.heartbeat(id, attempt + 1, -1)).toEqual({ accepted: false, keep_going: false, reason: 'stale_attempt' });
  });

  it('answers a zombie failure with a malformed error code with its rejection, without keep_going', async () => {
    const { source, id, attempt } = await finishedAttempt();
    expect(source.worker.fail(id, attempt, 'Not A Code')).toEqual({ accepted: false, reason: 'not_active' });
    expect(source.worker.fail(id, attempt + 1, 'Not A Code')).toEqual({ accepted: false, reason: 'stale_attempt' });
    expect(source.getTask(id)).toMatchObject({ status: 'failed', error_code: 'worker_error' });
  });

  it('still refuses the bad value of the attempt holding the task, and an unknown task with not_found', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    expect(() => source.worker.heartbeat(task.id, attempt, 2)).toThrow(expect.objectContaining({ code: 'invalid_id' }));
    expect(() => source.worker.fail(task.id, attempt, 'Bad')).toThrow(expect.objectContaining({ code: 'invalid_id' }));
    const unknown = '00000000-0000-4000-8000-00000000dead';
    expect(() => source.worker.heartbeat(unknown, 1, 2)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(source.getTask(task.id)).toMatchObject({ status: 'processing', progress: null });
  });
});
