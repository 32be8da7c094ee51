import { TaskError } from './errors';
import type { TaskEvent, TaskRow, TaskStatus, TaskThresholds } from './types';

type Raw = Record<string, unknown>;

function fail(what: string, raw: unknown): never {
  throw new TaskError('protocol', `Malformed task data: ${what}`, { cause: raw });
}

function asObject(raw: unknown): Raw {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('not an object', raw);
  return raw as Raw;
}

/**
 * One column, checked by kind: `text` (non-empty string), `time` (ISO string or Date, returned
 * as ISO), `num` (number or numeric string). A trailing `?` allows null / missing.
 */
interface Kinds {
  text: string;
  'text?': string | null;
  time: string;
  'time?': string | null;
  'num?': number | null;
}

function col<K extends keyof Kinds>(obj: Raw, key: string, kind: K): Kinds[K] {
  return check(obj, key, kind) as Kinds[K];
}

function check(obj: Raw, key: string, kind: keyof Kinds): unknown {
  const value = obj[key];
  if (value === undefined || value === null) {
    if (!kind.endsWith('?')) fail(`${key} is required`, obj);
    return null;
  }
  if (kind.startsWith('text')) {
    if (typeof value !== 'string' || (kind === 'text' && value === '')) fail(`${key} must be a string`, obj);
    return value;
  }
  if (kind.startsWith('time')) {
    const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) fail(`${key} is not a timestamp`, obj);
    return value instanceof Date ? value.toISOString() : value;
  }
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) fail(`${key} must be a number`, obj);
  return n;
}

/**
 * Checks a row read from any transport and normalises it (missing optional columns become null,
 * Date objects become ISO strings). A status this client does not know is kept as-is, so the
 * hooks can surface it as `unknown` instead of crashing; anything else malformed throws a
 * `TaskError` with code `protocol`.
 * @example
 * const row = parseTaskRow(await response.json());
 * classifyStatus(row.status); // 'unknown' for a status added by a newer server
 */
export function parseTaskRow<TPayload = unknown, TResult = unknown>(raw: unknown): TaskRow<TPayload, TResult> {
  const obj = asObject(raw);
  const progress = col(obj, 'progress', 'num?');
  const createdAt = col(obj, 'created_at', 'time');
  return {
    id: col(obj, 'id', 'text'),
    user_id: col(obj, 'user_id', 'text'),
    type: col(obj, 'type', 'text'),
    status: col(obj, 'status', 'text') as TaskStatus,
    payload: (obj.payload ?? null) as TPayload,
    result: (obj.result ?? null) as TResult | null,
    progress: progress === null ? null : Math.min(1, Math.max(0, progress)),
    progress_message: col(obj, 'progress_message', 'text?'),
    attempt: col(obj, 'attempt', 'num?') ?? 0,
    cancel_requested_at: col(obj, 'cancel_requested_at', 'time?'),
    error_code: col(obj, 'error_code', 'text?'),
    error_message: col(obj, 'error_message', 'text?'),
    created_at: createdAt,
    updated_at: col(obj, 'updated_at', 'time?') ?? createdAt,
    started_at: col(obj, 'started_at', 'time?'),
    heartbeat_at: col(obj, 'heartbeat_at', 'time?'),
    finished_at: col(obj, 'finished_at', 'time?'),
    retry_of: col(obj, 'retry_of', 'text?'),
  };
}

/**
 * Checks one audit-trail entry (`task_events`).
 * @example const events = body.events.map(parseTaskEvent);
 */
export function parseTaskEvent(raw: unknown): TaskEvent {
  const obj = asObject(raw);
  return {
    id: col(obj, 'id', 'num?') ?? fail('event id is required', raw),
    task_id: col(obj, 'task_id', 'text'),
    actor: col(obj, 'actor', 'text') as TaskEvent['actor'],
    kind: col(obj, 'kind', 'text'),
    from_status: col(obj, 'from_status', 'text?') as TaskStatus | null,
    to_status: col(obj, 'to_status', 'text?') as TaskStatus | null,
    reason: col(obj, 'reason', 'text?'),
    at: col(obj, 'at', 'time'),
  };
}

const THRESHOLD_KEYS = [
  'pendingWarnAfterMs',
  'pendingTimeoutMs',
  'heartbeatWarnAfterMs',
  'heartbeatTimeoutMs',
  'maxRuntimeMs',
  'cancelGraceMs',
] as const satisfies ReadonlyArray<keyof TaskThresholds>;

/**
 * Checks a thresholds object (milliseconds, all positive). Throws `protocol` when malformed.
 * @example parseThresholds(body.thresholds.default)
 */
export function parseThresholds(raw: unknown): TaskThresholds {
  const obj = asObject(raw);
  const out = {} as TaskThresholds;
  for (const key of THRESHOLD_KEYS) {
    const value = col(obj, key, 'num?');
    if (value === null || value <= 0) fail(`${key} must be a positive number of milliseconds`, raw);
    out[key] = value;
  }
  return out;
}
