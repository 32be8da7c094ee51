// The memory source against the SQL of examples/supabase/migrations, rule by rule: each case
// below is a place where the two once disagreed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemorySource } from '../../src/testing/memory-source';
import { fakeUuid } from '../../src/testing/memory-store';
import { row } from '../core/rows';

const MIN = 60_000;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('memory source matches the SQL reaper', () => {
  it('names max_runtime before heartbeat_timeout when both apply (stuck_reason order)', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    // Beats for 110 minutes, then goes silent for 21: past both the heartbeat timeout (20 min)
    // and the max runtime (120 min). stuck_reason (0007) checks max_runtime first.
    for (let minute = 1; minute <= 110; minute += 1) {
      vi.setSystemTime(Date.now() + MIN);
      source.worker.heartbeat(task.id, claimed.attempt);
    }
    vi.setSystemTime(Date.now() + 21 * MIN);
    expect(source.reap()).toEqual({ pending_timeout: 0, heartbeat_timeout: 0, max_runtime: 1, cancel_timeout: 0 });
    expect(source.getTask(task.id)).toMatchObject({ status: 'failed', error_code: 'max_runtime' });
  });
});

describe('memory source matches retry_task', () => {
  it('fails every stuck task of the type first and still reports the retried one as reaped', async () => {
    const source = createMemorySource(); // not exclusive: both may be active
    const a = (await source.submit('export', {})).task;
    vi.setSystemTime(Date.now() + MIN);
    const b = (await source.submit('export', {})).task;
    vi.setSystemTime(Date.now() + 31 * MIN);
    // retry_task calls reap_stuck_for (every stuck task of the type) and passes its own id to
    // admit(), whose own reap then finds nothing: reaped_task_id is the retried task.
    expect(await source.retry(a.id)).toMatchObject({ created: true, reapedTaskId: a.id, task: { retry_of: a.id } });
    expect([a, b].map((t) => source.getTask(t.id)?.error_code)).toEqual(['pending_timeout', 'pending_timeout']);
  });

  it('reports the stuck task it failed first as reapedTaskId', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    vi.setSystemTime(Date.now() + 31 * MIN);
    // retry_task passes the stuck task's id to admit() as p_reaped (0008).
    expect(await source.retry(task.id)).toMatchObject({ created: true, reapedTaskId: task.id, task: { retry_of: task.id } });
  });
});

describe('memory source matches retry_task: idempotent per task', () => {
  /** A task of `type` that a worker claimed and failed. */
  async function failedTask(source: ReturnType<typeof createMemorySource>, type: string) {
    const { task } = await source.submit(type, { n: 1 });
    const claimed = source.worker.claim(task.id)!;
    source.worker.fail(task.id, claimed.attempt, 'worker_error', 'boom');
    return source.getTask(task.id)!;
  }
  const retriesOf = (source: ReturnType<typeof createMemorySource>, id: string) =>
    [...source.store.rows.values()].filter((r) => r.retry_of === id).map((r) => r.id);

  it('answers a second retry with the first one (created=false) and writes nothing', async () => {
    const source = createMemorySource(); // not exclusive: nothing else would stop a second run
    const failed = await failedTask(source, 'report');
    const first = await source.retry(failed.id);
    expect(first).toMatchObject({ created: true, reapedTaskId: null, task: { retry_of: failed.id } });
    const eventsBefore = source.store.events.length;
    vi.setSystemTime(Date.now() + 1_000);
    expect(await source.retry(failed.id)).toEqual({ created: false, reapedTaskId: null, task: first.task });
    expect(retriesOf(source, failed.id)).toEqual([first.task.id]);
    expect(source.store.events.length).toBe(eventsBefore);
  });

  it('still answers with the retry once it failed too; retrying the retry starts the next run', async () => {
    const source = createMemorySource({ types: { export: { exclusive: true } } });
    const failed = await failedTask(source, 'export');
    const first = await source.retry(failed.id);
    const claimed = source.worker.claim(first.task.id)!;
    source.worker.fail(first.task.id, claimed.attempt, 'worker_error', 'again');
    expect(await source.retry(failed.id)).toMatchObject({ created: false, reapedTaskId: null, task: { id: first.task.id, status: 'failed' } });
    expect(await source.retry(first.task.id)).toMatchObject({ created: true, task: { retry_of: first.task.id } });
    expect(retriesOf(source, failed.id)).toEqual([first.task.id]);
  });

  it('answers a stuck task retried before with its retry, reaping nothing (not even a stuck retry)', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('report', {});
    source.worker.claim(task.id);
    vi.setSystemTime(Date.now() + 21 * MIN);
    const first = await source.retry(task.id);
    expect(first).toMatchObject({ created: true, reapedTaskId: task.id });
    source.worker.claim(first.task.id);
    vi.setSystemTime(Date.now() + 21 * MIN); // the retry goes stuck in turn
    expect(await source.retry(task.id)).toMatchObject({ created: false, reapedTaskId: null, task: { id: first.task.id, status: 'processing' } });
    expect(source.getTask(first.task.id)?.status).toBe('processing');
  });

  it("looks for the retry before the status, and only at the caller's own tasks", async () => {
    // Neither row can come from retry() (a retried task is final, a retry is its owner's): put() rows.
    const source = createMemorySource();
    const { task: done } = await source.submit('report', {});
    source.worker.complete(done.id, source.worker.claim(done.id)!.attempt);
    const put = row({ id: fakeUuid(900), user_id: source.store.userId, type: 'report', retry_of: done.id });
    source.putTask(put);
    expect(await source.retry(done.id)).toMatchObject({ created: false, task: { id: put.id } });

    const failed = await failedTask(source, 'report');
    source.putTask(row({ id: fakeUuid(901), user_id: '00000000-0000-4000-8000-0000000000bb', type: 'report', retry_of: failed.id }));
    expect(await source.retry(failed.id)).toMatchObject({ created: true, task: { user_id: source.store.userId, retry_of: failed.id } });
  });
});

describe('memory source matches submit_task', () => {
  it('reaps the caller\'s stale active tasks of a type that is not exclusive too', async () => {
    const source = createMemorySource(); // every type: not exclusive
    const old = (await source.submit('export', {})).task;
    vi.setSystemTime(Date.now() + 31 * MIN);
    // admit() calls reap_stuck_for before looking at `exclusive` (0008).
    const fresh = await source.submit('export', {});
    expect(fresh).toMatchObject({ created: true, reapedTaskId: old.id });
    expect(source.getTask(old.id)).toMatchObject({ status: 'failed', error_code: 'pending_timeout' });
  });

  it('reaps every stale active task of the type and reports the newest', async () => {
    const source = createMemorySource({ types: { export: { exclusive: false }, other: {} } });
    const a = (await source.submit('export', {})).task;
    vi.setSystemTime(Date.now() + MIN);
    const b = (await source.submit('export', {})).task;
    const other = (await source.submit('other', {})).task;
    vi.setSystemTime(Date.now() + 31 * MIN);
    expect(await source.submit('export', {})).toMatchObject({ created: true, reapedTaskId: b.id });
    expect([a, b, other].map((t) => source.getTask(t.id)?.status)).toEqual(['failed', 'failed', 'pending']);
  });

  it('checks the payload only where it inserts: a healthy exclusive task is returned whatever the payload', async () => {
    const source = createMemorySource({ types: { export: { exclusive: true, maxPayloadBytes: 100 } } });
    const big = { blob: 'x'.repeat(200) };
    const running = (await source.submit('export', {})).task;
    // The insert (and its UT003 check in 0005) never runs: admit() returns the active task first.
    expect(await source.submit('export', big)).toMatchObject({ created: false, task: { id: running.id } });
    vi.setSystemTime(Date.now() + 31 * MIN); // now stale: admit() reaps it and inserts
    await expect(source.submit('export', big)).rejects.toMatchObject({ code: 'payload_too_large' });
    // The refused insert rolled back the whole call, the reaping with it.
    expect(source.getTask(running.id)).toMatchObject({ status: 'pending' });
  });
});

describe('memory source reads like the other sources', () => {
  it('fetchActiveTask returns the newest active task, as `order by created_at desc limit 1`', async () => {
    const source = createMemorySource(); // not exclusive: several may be active
    await source.submit('export', { n: 1 });
    vi.setSystemTime(Date.now() + 1_000);
    const second = (await source.submit('export', { n: 2 })).task;
    expect(await source.fetchActiveTask('export')).toMatchObject({ id: second.id });
    const third = (await source.submit('export', { n: 3 })).task; // same millisecond: inserted later is newer
    expect(await source.fetchActiveTask('export')).toMatchObject({ id: third.id });
  });
});

describe('memory source lists newest first under frozen fake timers', () => {
  it('orders tasks created in the same millisecond newest first, as the database clock would', async () => {
    const source = createMemorySource();
    const a = (await source.submit('export', {})).task;
    const b = (await source.submit('export', {})).task;
    const c = (await source.submit('export', {})).task;
    expect((await source.listTasks()).map((t) => t.id)).toEqual([c.id, b.id, a.id]);
  });
});

describe('memory source audit trail of a retry', () => {
  it('leaves the retried (final) row untouched and logs the events log_inserted_tasks writes', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    source.worker.fail(task.id, claimed.attempt, 'worker_error', 'boom');
    const failed = source.getTask(task.id)!;
    vi.setSystemTime(Date.now() + 5_000);
    const retried = await source.retry(task.id);
    // A terminal row is final: the retry inserts a new row and writes nothing to the old one.
    expect(source.getTask(task.id)).toEqual(failed);
    const oldEvents = await source.fetchEvents(task.id);
    expect(oldEvents.at(-1)).toMatchObject({ kind: 'retried', actor: 'user', from_status: null, to_status: null, reason: retried.task.id });
    const newEvents = await source.fetchEvents(retried.task.id);
    expect(newEvents).toMatchObject([{ kind: 'submitted', from_status: null, to_status: 'pending', reason: task.id }]);
  });
});

describe('memory source matches the worker RPCs', () => {
  it('complete_task sets progress to 1', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    source.worker.heartbeat(task.id, claimed.attempt, 0.4);
    expect(source.worker.complete(task.id, claimed.attempt, { url: 'u' })).toEqual({ accepted: true, reason: null });
    expect(source.getTask(task.id)).toMatchObject({ status: 'completed', progress: 1, result: { url: 'u' } });
  });
});

describe('memory source rejects fenced writes with the SQL reasons', () => {
  it('says no_cancel_request to an ack without a cancel request', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    expect(source.worker.ackCancel(task.id, claimed.attempt)).toEqual({ accepted: false, reason: 'no_cancel_request' });
    expect(source.getTask(task.id)?.status).toBe('processing');
  });

  it('checks the attempt before the status, and refuses an unknown task with not_found', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    // rejection() (0009): a different attempt is stale_attempt whatever the status.
    expect(source.worker.heartbeat(task.id, 1)).toEqual({ accepted: false, keep_going: false, reason: 'stale_attempt' });
    expect(source.worker.heartbeat(task.id, 0)).toEqual({ accepted: false, keep_going: false, reason: 'not_active' });
    const claimed = source.worker.claim(task.id)!;
    source.worker.complete(task.id, claimed.attempt);
    expect(source.worker.fail(task.id, claimed.attempt + 1)).toEqual({ accepted: false, reason: 'stale_attempt' });
    expect(source.worker.fail(task.id, claimed.attempt)).toEqual({ accepted: false, reason: 'not_active' });
    expect(() => source.worker.heartbeat('00000000-0000-4000-8000-00000000dead', 1)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('memory source checks worker arguments like the SQL', () => {
  it('refuses progress outside 0..1, a malformed error code and an oversized result', async () => {
    const source = createMemorySource({ types: { export: { maxPayloadBytes: 20 } } });
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    expect(() => source.worker.heartbeat(task.id, claimed.attempt, 1.5)).toThrow(expect.objectContaining({ code: 'invalid_id' }));
    expect(() => source.worker.fail(task.id, claimed.attempt, 'Not A Code')).toThrow(expect.objectContaining({ code: 'invalid_id' }));
    expect(() => source.worker.complete(task.id, claimed.attempt, { text: 'far more than twenty bytes' })).toThrow(
      expect.objectContaining({ code: 'payload_too_large' }),
    );
    expect(source.getTask(task.id)).toMatchObject({ status: 'processing', progress: null });
    expect(source.worker.heartbeat(task.id, claimed.attempt, 0.5, 'y'.repeat(5_000))).toMatchObject({ accepted: true });
    expect(source.getTask(task.id)?.progress_message).toHaveLength(2_000); // left(p_message, 2000)
    source.worker.fail(task.id, claimed.attempt, 'worker_error', 'x'.repeat(5_000));
    expect(source.getTask(task.id)?.error_message).toHaveLength(4_000); // left(p_error_message, 4000)
  });
});

describe('memory source fences a completion before it weighs the result, as complete_task does', () => {
  it('tells a stale attempt it is stale, not that its result is too large, and writes nothing', async () => {
    const source = createMemorySource({ types: { export: { maxPayloadBytes: 20 } } });
    const { task } = await source.submit('export', {});
    const stale = source.worker.claim(task.id)!;
    source.worker.fail(task.id, stale.attempt, 'worker_error', 'gave up'); // the attempt is over
    const big = { text: 'far more than twenty bytes' };
    expect(source.worker.complete(task.id, stale.attempt, big)).toMatchObject({ accepted: false, reason: expect.any(String) });
    expect(source.getTask(task.id)).toMatchObject({ status: 'failed', result: null });
  });
});

describe('memory source refuses a payload JSON text cannot carry, as the sources do', () => {
  it('is invalid_id for Infinity or NaN (sent as JSON they would be null), and stores nothing', async () => {
    const source = createMemorySource({ realtime: false });
    await expect(source.submit('export', { size: Infinity })).rejects.toMatchObject({ code: 'invalid_id', message: expect.stringMatching(/Infinity/) });
    await expect(source.submit('export', { steps: [1, Number.NaN] })).rejects.toMatchObject({ code: 'invalid_id' });
    expect(await source.listTasks({ limit: 10 })).toEqual([]);
  });
});

describe('memory source ids', () => {
  it('never hands out the id of a seeded or put row', async () => {
    const seeded = row({ id: fakeUuid(1), status: 'failed', error_code: 'worker_error', finished_at: row().created_at });
    const source = createMemorySource({ tasks: [seeded] });
    source.putTask(row({ id: fakeUuid(2), type: 'other' }));
    const a = (await source.submit('export', {})).task;
    const b = (await source.submit('export', {})).task;
    expect(new Set([seeded.id, fakeUuid(2), a.id, b.id]).size).toBe(4);
    expect(source.getTask(seeded.id)).toEqual(seeded);
    expect(source.getTask(fakeUuid(2))?.type).toBe('other');
  });
});

describe('memory source shows the caller only their own tasks', () => {
  it('treats another user\'s task as missing, as RLS and lock_own_task do', async () => {
    const source = createMemorySource();
    const theirs = row({ id: fakeUuid(0xb0b), user_id: '00000000-0000-4000-8000-000000000b0b', status: 'failed', error_code: 'worker_error', finished_at: row().created_at });
    source.putTask(theirs);
    const mine = (await source.submit('export', {})).task;
    expect((await source.fetchTasks([theirs.id, mine.id])).map((t) => t.id)).toEqual([mine.id]);
    expect((await source.listTasks()).map((t) => t.id)).toEqual([mine.id]);
    const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: { code: string }) => e.code);
    expect(await codeOf(source.cancel(theirs.id))).toBe('not_found');
    expect(await codeOf(source.retry(theirs.id))).toBe('not_found');
    expect(await codeOf(source.fetchEvents(theirs.id))).toBe('not_found');
    expect(source.getTask(theirs.id)).toEqual(theirs); // the test's own view still sees everything
  });
});

describe('memory source writes the error messages the SQL writes', () => {
  it('cancel of a pending task, an acknowledged cancel and every reaper rule', async () => {
    const source = createMemorySource();
    const pending = (await source.submit('export', {})).task;
    expect((await source.cancel(pending.id)).error_message).toBe('cancelled before a worker picked it up');
    const acked = (await source.submit('export', {})).task;
    const a = source.worker.claim(acked.id)!;
    await source.cancel(acked.id);
    source.worker.ackCancel(acked.id, a.attempt);
    expect(source.getTask(acked.id)?.error_message).toBe("cancelled at the user's request");

    const stale = (await source.submit('export', {})).task;
    const silent = (await source.submit('export', {})).task;
    source.worker.claim(silent.id);
    vi.setSystemTime(Date.now() + 31 * MIN);
    source.reap();
    expect(source.getTask(stale.id)?.error_message).toBe('not picked up by a worker within 00:30:00');
    expect(source.getTask(silent.id)?.error_message).toBe('no heartbeat for 00:20:00');
  });
});

describe('memory source matches claim_task', () => {
  it('leaves heartbeat_at empty until the first heartbeat, needs an id or a type, and honours both', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    expect(() => source.worker.claim()).toThrow(expect.objectContaining({ code: 'invalid_id' }));
    expect(source.worker.claim(task.id, 'other')).toBeNull(); // `and (p_type is null or t.type = p_type)`
    const claimed = source.worker.claim(task.id, 'export')!;
    // The guard trigger (0005) stamps heartbeat_at only when a write sets it; a claim does not.
    expect(claimed).toMatchObject({ status: 'processing', attempt: 1, started_at: expect.any(String), heartbeat_at: null });
  });
});

describe('memory source measures payloads as the database does', () => {
  it('counts the bytes of the jsonb text, with its spaces after colons and commas', async () => {
    // octet_length('{"a": 1, "b": [1, 2]}') = 21; JSON.stringify would say 17.
    const source = createMemorySource({ types: { export: { maxPayloadBytes: 20 } }, realtime: false });
    await expect(source.submit('export', { a: 1, b: [1, 2] })).rejects.toMatchObject({ code: 'payload_too_large' });
    const roomy = createMemorySource({ types: { export: { maxPayloadBytes: 21 } }, realtime: false });
    await expect(roomy.submit('export', { a: 1, b: [1, 2] })).resolves.toMatchObject({ created: true });
  });
});

describe('memory source and abort signals', () => {
  it('rejects an aborted read at once and leaves no timer behind, as fetch does', async () => {
    const source = createMemorySource({ latencyMs: 1_000 });
    const { task } = source.store.submit('export', {});
    for (const abortAfter of [100, 700]) { // before and after the server did its work
      const abort = new AbortController();
      const read = source.fetchTasks([task.id], abort.signal).then(() => 'resolved', (e: { code: string }) => e.code);
      await vi.advanceTimersByTimeAsync(abortAfter);
      abort.abort();
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBe(0);
      expect(await read).toBe('network');
      expect(source.pendingCalls).toBe(0);
    }
  });
});

describe('memory source stores jsonb, not the caller\'s objects', () => {
  it('keeps a payload and a result as they were sent, as JSON', async () => {
    const source = createMemorySource();
    const payload = { n: 1, at: new Date('2026-12-04T09:00:00Z') };
    const { task } = await source.submit('export', payload);
    payload.n = 2; // the caller reuses its object for the next submit
    const claimed = source.worker.claim(task.id)!;
    const result = { rows: [1, 2] };
    source.worker.complete(task.id, claimed.attempt, result);
    result.rows.push(3);
    const [row] = await source.fetchTasks([task.id]);
    expect(row).toMatchObject({ payload: { n: 1, at: '2026-12-04T09:00:00.000Z' }, result: { rows: [1, 2] } });
  });
});

describe('memory source checks read arguments like the supabase source', () => {
  it('refuses a limit outside 1..1000 and an empty type', async () => {
    const source = createMemorySource();
    await source.submit('export', {});
    const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: { code: string }) => e.code);
    expect(await codeOf(source.listTasks({ limit: 0 }))).toBe('invalid_id');
    expect(await codeOf(source.listTasks({ limit: 2.5 }))).toBe('invalid_id');
    expect(await codeOf(source.listTasks({ limit: 1_001 }))).toBe('invalid_id');
    expect(await codeOf(source.listTasks({ type: '' }))).toBe('unknown_type');
    expect(await codeOf(source.fetchActiveTask(''))).toBe('unknown_type');
    // Without `types` every type is accepted, but a type must still be one: submit_task's argument
    // is text, and the supabase source and the http routes refuse an empty one before it.
    expect(await codeOf(source.submit('', {}))).toBe('unknown_type');
    expect(await codeOf(source.submit(undefined as unknown as string, {}))).toBe('unknown_type');
    expect(await source.listTasks({ limit: 1_000 })).toHaveLength(1);
  });

  it('refuses a payload that cannot be JSON (a cycle) with invalid_id and takes a BigInt as its digits, as the supabase source does', async () => {
    const source = createMemorySource();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(source.submit('export', cyclic)).rejects.toMatchObject({ name: 'TaskError', code: 'invalid_id' });
    expect(await source.listTasks()).toEqual([]);
    expect((await source.submit('export', { n: 2n ** 64n })).task.payload).toEqual({ n: '18446744073709551616' });
  });
});
