import { describe, expect, it } from 'vitest';
import { TaskError, assertTaskId, isTaskId } from '../../src/core/errors';
import { parseTaskEvent, parseTaskRow, parseThresholds } from '../../src/core/parse';
import { classifyStatus, canCancelTask, canRetryTask, isCancelRequested } from '../../src/core/status';
import { DEFAULT_THRESHOLDS, resolveThresholds } from '../../src/core/thresholds';
import { row } from './rows';

const parseFailure = (raw: unknown) => {
  try {
    parseTaskRow(raw);
    return undefined;
  } catch (error) {
    return error as TaskError;
  }
};

describe('parseTaskRow', () => {
  it('keeps an unknown status so it can be surfaced instead of crashing', () => {
    const parsed = parseTaskRow({ ...row(), status: 'paused' });
    expect(parsed.status).toBe('paused');
    expect(classifyStatus(parsed.status)).toBe('unknown');
    expect(classifyStatus('processing')).toBe('processing');
  });

  it('reads ids in capitals as PostgreSQL prints a uuid, in lower case (the hooks key tasks by it)', () => {
    const ids = { id: '00000000-0000-4000-8000-00000000000A', user_id: '00000000-0000-4000-8000-0000000000AA', retry_of: '00000000-0000-4000-8000-00000000000B' };
    expect(parseTaskRow({ ...row(), ...ids })).toMatchObject({ id: ids.id.toLowerCase(), user_id: ids.user_id.toLowerCase(), retry_of: ids.retry_of.toLowerCase() });
    expect(parseTaskRow({ ...row(), retry_of: null }).retry_of).toBeNull();
    expect(parseTaskEvent({ id: 1, task_id: ids.id, actor: 'user', kind: 'submitted', at: row().created_at }).task_id).toBe(ids.id.toLowerCase());
    expect(() => parseTaskRow({ ...row(), id: '' })).toThrow(TaskError);
  });

  it('refuses a timestamp without a time zone, which each browser would read in its own zone', () => {
    // What PostgREST prints for a `timestamp` (without time zone) column: a user east of UTC would
    // see a task created a moment ago as hours old, and stuck; one west of it, never stuck.
    const zoneless = parseFailure({ ...row(), created_at: '2026-12-04T10:00:00.123456' });
    expect([zoneless?.code, zoneless?.message]).toEqual(['protocol', 'Malformed task data: created_at has no time zone']);
    expect(parseFailure({ ...row(), started_at: '2026-12-04 10:00:00' })?.code).toBe('protocol');
    // A zone by name too, as Ruby's Time#to_s writes it, and JavaScript's Date#toString (String(date)).
    for (const at of ['2026-12-04T10:00:00Z', '2026-12-04T10:00:00.123456+00:00', '2026-12-04 10:00:00+00', '2026-12-04T12:00:00+0200', '2026-12-04T05:00:00-05:00', '2026-12-04 10:00:00 UTC', '2026-12-04 10:00:00 GMT', 'Fri Dec 04 2026 11:00:00 GMT+0100 (Central European Standard Time)']) {
      expect(Date.parse(parseTaskRow({ ...row(), created_at: at }).created_at)).toBe(Date.parse('2026-12-04T10:00:00Z') + (at.includes('.123') ? 123 : 0));
    }
    expect(parseTaskRow({ ...row(), created_at: new Date('2026-12-04T10:00:00Z') as unknown as string }).created_at).toBe('2026-12-04T10:00:00.000Z');
  });

  it('normalises Dates, numeric strings and missing optional columns', () => {
    const { progress_message: _m, retry_of: _r, ...partial } = row();
    const parsed = parseTaskRow({ ...partial, created_at: new Date('2026-12-04T10:00:00Z'), progress: '1.5', attempt: '2' });
    expect(parsed).toMatchObject({ created_at: '2026-12-04T10:00:00.000Z', progress: 1, attempt: 2, progress_message: null, retry_of: null });
  });

  it.each([
    ['not an object', 'nope'],
    ['no id', { ...row(), id: '' }],
    ['bad timestamp', { ...row(), created_at: 'yesterday' }],
    ['bad progress', { ...row(), progress: 'lots' }],
  ])('rejects %s with a protocol TaskError', (_label, raw) => {
    expect(() => parseTaskRow(raw)).toThrowError(TaskError);
    try {
      parseTaskRow(raw);
    } catch (error) {
      expect((error as TaskError).code).toBe('protocol');
    }
  });

  it('parses events and thresholds', () => {
    expect(parseTaskEvent({ id: '3', task_id: row().id, actor: 'reaper', kind: 'failed', from_status: 'processing', to_status: 'failed', reason: 'heartbeat_timeout', at: row().created_at })).toMatchObject({ id: 3, reason: 'heartbeat_timeout' });
    expect(parseThresholds({ ...DEFAULT_THRESHOLDS })).toEqual(DEFAULT_THRESHOLDS);
    expect(() => parseThresholds({ ...DEFAULT_THRESHOLDS, maxRuntimeMs: -1 })).toThrowError(/maxRuntimeMs/);
  });
});

describe('ids and status helpers', () => {
  it('accepts UUIDs only', () => {
    expect(isTaskId('00000000-0000-4000-8000-000000000001')).toBe(true);
    expect(isTaskId('1; drop table tasks')).toBe(false);
    expect(() => assertTaskId(42)).toThrowError(/UUID/);
  });

  it('knows when cancel and retry make sense', () => {
    expect(canCancelTask(row())).toBe(true);
    expect(canCancelTask(row({ status: 'processing', cancel_requested_at: row().created_at }))).toBe(false);
    expect(isCancelRequested(row({ status: 'processing', cancel_requested_at: row().created_at }))).toBe(true);
    expect(canRetryTask(row({ status: 'failed' }), false)).toBe(true);
    expect(canRetryTask(row({ status: 'completed' }), true)).toBe(false);
    expect(canRetryTask(row({ status: 'processing' }), false)).toBe(false);
    expect(canRetryTask(row({ status: 'processing' }), true)).toBe(true);
  });
});

describe('resolveThresholds', () => {
  it('layers defaults < source default < source type < app default < app type < hook', () => {
    const resolved = resolveThresholds('export', {
      fromSource: { default: { pendingWarnAfterMs: 1, maxRuntimeMs: 1 }, export: { pendingWarnAfterMs: 2, cancelGraceMs: 2 } },
      overrides: { default: { pendingWarnAfterMs: 3 }, export: { heartbeatWarnAfterMs: 4 } },
      hook: { heartbeatWarnAfterMs: 5, pendingTimeoutMs: Number.NaN },
    });
    expect(resolved).toEqual({ ...DEFAULT_THRESHOLDS, maxRuntimeMs: 1, cancelGraceMs: 2, pendingWarnAfterMs: 3, heartbeatWarnAfterMs: 5 });
    expect(resolveThresholds(undefined)).toEqual(DEFAULT_THRESHOLDS);
  });
});

describe('a threshold of 0 (the database allows it for cancel_grace only)', () => {
  it('is kept for cancelGraceMs and ignored for every other key, where it would make every task stuck at once', () => {
    const zeros = { pendingWarnAfterMs: 0, pendingTimeoutMs: 0, heartbeatWarnAfterMs: 0, heartbeatTimeoutMs: 0, maxRuntimeMs: 0, cancelGraceMs: 0 };
    expect(resolveThresholds('export', { overrides: { default: zeros } })).toEqual({ ...DEFAULT_THRESHOLDS, cancelGraceMs: 0 });
    expect(resolveThresholds('export', { hook: { maxRuntimeMs: 0 } }).maxRuntimeMs).toBe(DEFAULT_THRESHOLDS.maxRuntimeMs);
  });

  it('parses a cancel_grace of 0 and refuses 0 anywhere else', () => {
    expect(parseThresholds({ ...DEFAULT_THRESHOLDS, cancelGraceMs: 0 }).cancelGraceMs).toBe(0);
    for (const key of ['pendingWarnAfterMs', 'pendingTimeoutMs', 'heartbeatWarnAfterMs', 'heartbeatTimeoutMs', 'maxRuntimeMs'] as const) {
      expect(() => parseThresholds({ ...DEFAULT_THRESHOLDS, [key]: 0 }), key).toThrowError(new RegExp(key));
    }
  });
});
