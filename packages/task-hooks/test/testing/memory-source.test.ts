import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TaskError } from '../../src/core/errors';
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

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: TaskError) => e.code);

describe('memory source: the contract', () => {
  it('submits, exposes the active task and writes an audit trail', async () => {
    const source = createMemorySource();
    const { task, created, reapedTaskId } = await source.submit('export', { a: 1 });
    expect({ created, reapedTaskId }).toEqual({ created: true, reapedTaskId: null });
    expect(task).toMatchObject({ status: 'pending', attempt: 0, payload: { a: 1 }, created_at: '2026-12-04T10:00:00.000Z' });
    expect(await source.fetchActiveTask('export')).toMatchObject({ id: task.id });
    expect(await source.fetchActiveTask('other')).toBeNull();
    const claimed = source.worker.claim(null, 'export')!;
    expect(claimed).toMatchObject({ status: 'processing', attempt: 1 });
    source.worker.complete(task.id, 1, { url: 'x' });
    const events = await source.fetchEvents(task.id);
    expect(events.map((e) => [e.kind, e.actor, e.from_status, e.to_status])).toEqual([
      ['submitted', 'user', null, 'pending'],
      ['claimed', 'worker', 'pending', 'processing'],
      ['completed', 'worker', 'processing', 'completed'],
    ]);
    expect(await source.listTasks()).toHaveLength(1);
  });

  it('returns the healthy active task of an exclusive type, and reaps a stale one first', async () => {
    const source = createMemorySource({ types: { export: { exclusive: true } } });
    const first = await source.submit('export', {});
    const again = await source.submit('export', {});
    expect(again).toMatchObject({ created: false, reapedTaskId: null, task: { id: first.task.id } });
    vi.setSystemTime(Date.now() + 31 * MIN);
    const fresh = await source.submit('export', {});
    expect(fresh).toMatchObject({ created: true, reapedTaskId: first.task.id });
    expect(source.getTask(first.task.id)).toMatchObject({ status: 'failed', error_code: 'pending_timeout' });
  });

  it('refuses unknown types, big payloads and malformed ids with typed errors', async () => {
    const source = createMemorySource({ types: { export: { maxPayloadBytes: 10 } } });
    expect(await codeOf(source.submit('nope', {}))).toBe('unknown_type');
    expect(await codeOf(source.submit('export', { text: 'far too long' }))).toBe('payload_too_large');
    expect(await codeOf(source.fetchTasks(['x']))).toBe('invalid_id');
    expect(await codeOf(source.cancel('00000000-0000-4000-8000-00000000dead'))).toBe('not_found');
    expect(await source.fetchTasks(['00000000-0000-4000-8000-00000000dead'])).toEqual([]);
    expect(Object.keys(await source.fetchThresholds())).toEqual(['export']);
  });

  it('checks the thresholds it serves as the other sources do: a malformed type is left out, with a warning', async () => {
    const source = createMemorySource({ types: { export: {}, broken: { heartbeatTimeoutMs: Number.NaN } } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(Object.keys(await source.fetchThresholds())).toEqual(['export']);
    expect(warn.mock.calls.map(([message]) => String(message))).toEqual([expect.stringMatching(/memory source .* task type "broken"/)]);
    warn.mockRestore();
  });

  it('cancels pending at once, processing cooperatively, terminal idempotently', async () => {
    const source = createMemorySource();
    const a = (await source.submit('export', {})).task;
    expect(await source.cancel(a.id)).toMatchObject({ status: 'cancelled', error_code: 'cancelled' });
    expect(await source.cancel(a.id)).toMatchObject({ status: 'cancelled' });
    const b = (await source.submit('export', {})).task;
    const claimed = source.worker.claim(b.id)!;
    expect(await source.cancel(b.id)).toMatchObject({ status: 'processing', cancel_requested_at: expect.any(String) });
    expect(source.worker.heartbeat(b.id, claimed.attempt, 0.5)).toEqual({ accepted: true, keep_going: false, reason: 'cancel_requested' });
    expect(source.worker.ackCancel(b.id, claimed.attempt)).toEqual({ accepted: true, reason: null });
    expect(source.getTask(b.id)?.status).toBe('cancelled');
  });

  it('fences zombie writes by attempt and by terminal state', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const claimed = source.worker.claim(task.id)!;
    vi.setSystemTime(Date.now() + 21 * MIN);
    expect(source.reap()).toEqual({ pending_timeout: 0, heartbeat_timeout: 1, max_runtime: 0, cancel_timeout: 0 });
    expect(source.worker.complete(task.id, claimed.attempt, {})).toEqual({ accepted: false, reason: 'not_active' });
    const retried = await source.retry(task.id);
    const next = source.worker.claim(retried.task.id)!;
    expect(source.worker.heartbeat(retried.task.id, next.attempt + 5)).toMatchObject({ accepted: false, reason: 'stale_attempt' });
    expect(source.getTask(task.id)).toMatchObject({ status: 'failed', error_code: 'heartbeat_timeout' });
  });

  it('retries failed and stuck tasks, refuses completed and healthy ones', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', { n: 1 });
    expect(await codeOf(source.retry(task.id))).toBe('illegal_state');
    vi.setSystemTime(Date.now() + 31 * MIN);
    const retried = await source.retry(task.id);
    expect(retried).toMatchObject({ created: true, task: { retry_of: task.id, payload: { n: 1 }, status: 'pending' } });
    expect(source.getTask(task.id)).toMatchObject({ status: 'failed', error_code: 'pending_timeout' });
    const claimed = source.worker.claim(retried.task.id)!;
    source.worker.complete(retried.task.id, claimed.attempt);
    expect(await codeOf(source.retry(retried.task.id))).toBe('illegal_state');
  });

  it('reaps by every rule: pending, heartbeat, max runtime, cancel grace', async () => {
    const source = createMemorySource();
    const pending = (await source.submit('export', {})).task;
    const silent = (await source.submit('export', {})).task;
    const long = (await source.submit('export', {})).task;
    const stubborn = (await source.submit('export', {})).task;
    const l = source.worker.claim(long.id)!;
    const c = source.worker.claim(stubborn.id)!;
    await source.cancel(stubborn.id);
    for (let minute = 1; minute <= 121; minute += 1) {
      vi.setSystemTime(Date.now() + MIN);
      source.worker.heartbeat(long.id, l.attempt);
      if (minute < 2) source.worker.heartbeat(stubborn.id, c.attempt);
      // Claimed late: silent for 21 minutes at the end, but not past its max runtime (which
      // the SQL reaper would name first).
      if (minute === 100) source.worker.claim(silent.id);
    }
    expect(source.reap()).toEqual({ pending_timeout: 1, heartbeat_timeout: 1, max_runtime: 1, cancel_timeout: 1 });
    expect(source.getTask(pending.id)?.status).toBe('failed');
    expect(source.getTask(stubborn.id)).toMatchObject({ status: 'cancelled', error_code: 'cancel_timeout' });
    const reaperEvents = (await source.fetchEvents(long.id)).filter((e) => e.actor === 'reaper');
    expect(reaperEvents).toMatchObject([{ kind: 'failed', reason: 'max_runtime' }]);
  });
});

describe('memory source: test knobs', () => {
  it('serves a skewed server clock sampled mid-latency', async () => {
    const source = createMemorySource({ skewMs: -3_600_000, latencyMs: 200 });
    const sentAt = Date.now();
    const pending = source.serverTime();
    await vi.advanceTimersByTimeAsync(200);
    expect(await pending).toBe(sentAt + 100 - 3_600_000);
    source.setSkew(0);
    expect(source.serverNow()).toBe(Date.now());
  });

  it('fails the next calls on demand and everything while offline', async () => {
    const source = createMemorySource();
    source.failNext(2, 'server');
    expect(await codeOf(source.fetchThresholds())).toBe('server');
    expect(await codeOf(source.serverTime())).toBe('server');
    expect(await codeOf(source.serverTime())).toBe('resolved');
    source.setOffline(true);
    expect(await codeOf(source.listTasks())).toBe('network');
    source.setOffline(false);
    expect(await codeOf(source.listTasks())).toBe('resolved');
  });

  it('hints changed ids to subscribers, reports channel state, and forgets unsubscribed handlers', async () => {
    const source = createMemorySource();
    const hints: Array<readonly string[] | 'all'> = [];
    const states: string[] = [];
    const stop = source.subscribe!({ onHint: (ids) => hints.push(ids), onConnection: (s) => states.push(s) });
    await vi.advanceTimersByTimeAsync(0);
    const { task } = await source.submit('export', {});
    await vi.advanceTimersByTimeAsync(0);
    source.setRealtime(false);
    source.worker.claim(task.id); // lost: the channel is down
    source.setRealtime(true);
    source.setOffline(true);
    source.setOffline(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(['connecting', 'realtime', 'polling', 'realtime', 'offline', 'realtime']);
    expect(hints).toEqual(['all', [task.id], 'all', 'all']);
    expect(source.subscriberCount).toBe(1);
    stop();
    expect(source.subscriberCount).toBe(0);
  });

  it('works where structuredClone is missing (a jsdom window), and hands out copies, never the stored row', async () => {
    vi.stubGlobal('structuredClone', undefined);
    try {
      const source = createMemorySource();
      const { task } = await source.submit('export', { files: ['a'] });
      const [read] = await source.fetchTasks([task.id]);
      (read!.payload as { files: string[] }).files.push('b');
      read!.status = 'completed';
      expect(source.getTask(task.id)).toMatchObject({ status: 'pending', payload: { files: ['a'] } });
      expect(await source.serverTime()).toEqual(expect.any(Number));
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('measures payloads where TextEncoder is missing (Jest\'s jsdom environment), by their UTF-8 bytes', async () => {
    vi.stubGlobal('TextEncoder', undefined);
    try {
      // The jsonb text `{"s": "é€😀"}` is 18 bytes: 2, 3 and 4 of them for the three characters.
      const payload = { s: 'é\u20ac\u{1F600}' };
      const exact = createMemorySource({ types: { export: { maxPayloadBytes: 18 } } });
      await expect(exact.submit('export', payload)).resolves.toMatchObject({ created: true, task: { payload } });
      const short = createMemorySource({ types: { export: { maxPayloadBytes: 17 } } });
      expect(await codeOf(short.submit('export', payload))).toBe('payload_too_large');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('keeps its rows to itself: what getTask, worker.claim, putTask and the seeds share can be changed freely', async () => {
    const seed = row({ id: fakeUuid(50), payload: { files: ['a'] } });
    const put = row({ id: fakeUuid(51) });
    const source = createMemorySource({ tasks: [seed] });
    source.putTask(put);
    seed.status = 'completed';
    (seed.payload as { files: string[] }).files.push('b');
    put.status = 'failed';
    const claimed = source.worker.claim(seed.id)!;
    claimed.attempt = 7; // a worker that bumps its copy must not move the fence
    claimed.status = 'completed';
    const read = source.getTask(put.id)!;
    read.status = 'cancelled';
    expect(source.getTask(seed.id)).toMatchObject({ status: 'processing', attempt: 1, payload: { files: ['a'] } });
    expect(source.getTask(put.id)?.status).toBe('pending');
    expect(source.worker.heartbeat(seed.id, 7)).toMatchObject({ accepted: false, reason: 'stale_attempt' });
  });

  it('has no subscribe when realtime is off', () => {
    expect(createMemorySource({ realtime: false }).subscribe).toBeUndefined();
  });
});
