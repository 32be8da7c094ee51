import { TaskError } from './errors';
import type { TaskEvent, TaskRow, TaskStatus, TaskThresholds } from './types';

type Raw = Record<string, unknown>;

function fail(what: string, raw: unknown): never {
  throw new TaskError('protocol', `Malformed task data: ${what}`, { cause: raw });
}

function asObject(raw: unknown, what: string): Raw {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(`${what} is not an object`, raw);
  return raw as Raw;
}

function text(raw: Raw, key: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value === '') fail(`${key} must be a non-empty string`, raw);
  return value;
}

function optionalText(raw: Raw, key: string): string | null {
  const value = raw[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(`${key} must be a string or null`, raw);
  return value;
}

/** Timestamps arrive as ISO strings from JSON, or as Date from a Postgres driver. */
function timestamp(raw: Raw, key: string, required: boolean): string | null {
  const value = raw[key];
  if (value === undefined || value === null) {
    if (required) fail(`${key} is required`, raw);
    return null;
  }
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) fail(`${key} is not a timestamp`, raw);
  return value instanceof Date ? value.toISOString() : (value as string);
}

function optionalNumber(raw: Raw, key: string): number | null {
  const value = raw[key];
  if (value === undefined || value === null) return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) fail(`${key} must be a number or null`, raw);
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
  const obj = asObject(raw, 'task row');
  const progress = optionalNumber(obj, 'progress');
  return {
    id: text(obj, 'id'),
    user_id: text(obj, 'user_id'),
    type: text(obj, 'type'),
    status: text(obj, 'status') as TaskStatus,
    payload: (obj.payload ?? null) as TPayload,
    result: (obj.result ?? null) as TResult | null,
    progress: progress === null ? null : Math.min(1, Math.max(0, progress)),
    progress_message: optionalText(obj, 'progress_message'),
    attempt: optionalNumber(obj, 'attempt') ?? 0,
    cancel_requested_at: timestamp(obj, 'cancel_requested_at', false),
    error_code: optionalText(obj, 'error_code'),
    error_message: optionalText(obj, 'error_message'),
    created_at: timestamp(obj, 'created_at', true) as string,
    updated_at: timestamp(obj, 'updated_at', false) ?? (timestamp(obj, 'created_at', true) as string),
    started_at: timestamp(obj, 'started_at', false),
    heartbeat_at: timestamp(obj, 'heartbeat_at', false),
    finished_at: timestamp(obj, 'finished_at', false),
    retry_of: optionalText(obj, 'retry_of'),
  };
}

/**
 * Checks one audit-trail entry (`task_events`).
 * @example const events = body.events.map(parseTaskEvent);
 */
export function parseTaskEvent(raw: unknown): TaskEvent {
  const obj = asObject(raw, 'task event');
  const id = optionalNumber(obj, 'id');
  if (id === null) fail('event id is required', raw);
  return {
    id,
    task_id: text(obj, 'task_id'),
    actor: text(obj, 'actor') as TaskEvent['actor'],
    kind: text(obj, 'kind'),
    from_status: optionalText(obj, 'from_status') as TaskStatus | null,
    to_status: optionalText(obj, 'to_status') as TaskStatus | null,
    reason: optionalText(obj, 'reason'),
    at: timestamp(obj, 'at', true) as string,
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
  const obj = asObject(raw, 'thresholds');
  const out = {} as TaskThresholds;
  for (const key of THRESHOLD_KEYS) {
    const value = optionalNumber(obj, key);
    if (value === null || value <= 0) fail(`${key} must be a positive number of milliseconds`, raw);
    out[key] = value;
  }
  return out;
}
