// The memory source answers a finishing write sent again by the attempt that made it as
// complete_task, fail_task and ack_task_cancel do since migration 0017: accepted, nothing written;
// `not_active` only when the work was not stored. Apps test their workers against this source.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemorySource } from '../../src/testing/memory-source';

const MIN = 60_000;
const ACCEPTED = { accepted: true, reason: null };
const NOT_ACTIVE = { accepted: false, reason: 'not_active' };

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-05T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

async function running() {
  const source = createMemorySource();
  const { task } = await source.submit('export', {});
  const { attempt } = source.worker.claim(task.id)!;
  const kinds = async () => (await source.fetchEvents(task.id)).map((event) => event.kind);
  return { source, id: task.id, attempt, kinds };
}

describe('memory source: a finishing write sent again', () => {
  it('complete: the same result (keys in any order) is accepted again and writes nothing; another result is not_active', async () => {
    const { source, id, attempt, kinds } = await running();
    expect(source.worker.complete(id, attempt, { url: 'u', size: 1 })).toEqual(ACCEPTED);
    const completed = source.getTask(id);
    vi.advanceTimersByTime(1_000);
    expect(source.worker.complete(id, attempt, { size: 1, url: 'u' })).toEqual(ACCEPTED);
    expect(source.getTask(id)).toEqual(completed);
    expect(await kinds()).toEqual(['submitted', 'claimed', 'completed']);
    expect(source.worker.complete(id, attempt, { url: 'other' })).toEqual(NOT_ACTIVE);
    expect(source.worker.complete(id, attempt + 1, { url: 'u', size: 1 })).toEqual({ accepted: false, reason: 'stale_attempt' });
  });

  it('fail and ackCancel: the same call is accepted again; a different failure is not_active', async () => {
    const failed = await running();
    expect(failed.source.worker.fail(failed.id, failed.attempt, 'render_error', 'GPU lost')).toEqual(ACCEPTED);
    expect(failed.source.worker.fail(failed.id, failed.attempt, 'render_error', 'GPU lost')).toEqual(ACCEPTED);
    expect(failed.source.worker.fail(failed.id, failed.attempt, 'other_error', 'GPU lost')).toEqual(NOT_ACTIVE);
    expect(await failed.kinds()).toEqual(['submitted', 'claimed', 'failed']);

    const cancelled = await running();
    await cancelled.source.cancel(cancelled.id);
    expect(cancelled.source.worker.ackCancel(cancelled.id, cancelled.attempt)).toEqual(ACCEPTED);
    expect(cancelled.source.worker.ackCancel(cancelled.id, cancelled.attempt)).toEqual(ACCEPTED);
  });

  it('a task the reaper ended answers not_active to its worker whatever it sends', async () => {
    const { source, id, attempt } = await running();
    vi.setSystemTime(Date.now() + 21 * MIN);
    source.reap();
    expect(source.getTask(id)).toMatchObject({ status: 'failed', error_code: 'heartbeat_timeout' });
    expect(source.worker.complete(id, attempt, null)).toEqual(NOT_ACTIVE);
    expect(source.worker.fail(id, attempt, 'heartbeat_timeout')).toEqual(NOT_ACTIVE);
    // Even with the reaper's exact code and message: the row is the same, but the reaper ended it.
    const { error_code, error_message } = source.getTask(id)!;
    expect(source.worker.fail(id, attempt, error_code!, error_message)).toEqual(NOT_ACTIVE);
  });
});
