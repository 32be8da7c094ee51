import { TaskError } from './errors';
import { THRESHOLD_KEYS } from './thresholds';
import type { TaskEvent, TaskRow, TaskThresholds } from './types';
import { validThreshold } from './valid-threshold';
import { ZONELESS_TIME } from './zoneless-time';

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
type Kind = 'text' | 'text?' | 'time' | 'time?' | 'num' | 'num?';

function check(obj: Raw, key: string, kind: Kind): unknown {
  const value = obj[key];
  if (value === undefined || value === null) {
    if (!kind.endsWith('?')) fail(`${key} is required`, obj);
    return null;
  }
  if (kind.startsWith('text')) {
    if (typeof value !== 'string' || (kind === 'text' && value === '')) fail(`${key} must be a string`, obj);
    // As PostgreSQL prints a uuid. A backend that prints capitals (a SQL Server driver does) would
    // otherwise have its rows missed by the hooks, which key every task by its lower-case id.
    return key.endsWith('id') || key === 'retry_of' ? value.toLowerCase() : value;
  }
  if (kind.startsWith('time')) {
    const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) fail(`${key} is not a timestamp`, obj);
    // Text must name its zone: without one (a `timestamp` column, not `timestamptz`) each browser
    // reads it in its own, and a task a minute old shows as hours old east of UTC, and stuck. Only
    // that shape (date, time, nothing after: what a database prints for such a column) is refused.
    if (typeof value === 'string' && ZONELESS_TIME.test(value)) fail(`${key} has no time zone`, obj);
    return value instanceof Date ? value.toISOString() : value;
  }
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) fail(`${key} must be a number`, obj);
  return n;
}

/** A table's columns by kind, so the parsers below are data rather than one call per column. */
type Columns = ReadonlyArray<readonly [Kind, string]>;

function columns(obj: Raw, spec: Columns): Raw {
  const out: Raw = {};
  for (const [kind, keys] of spec) for (const key of keys.split(' ')) out[key] = check(obj, key, kind);
  return out;
}

const ROW_COLUMNS: Columns = [
  ['text', 'id user_id type status'],
  ['time', 'created_at'],
  ['num?', 'progress attempt'],
  ['text?', 'progress_message error_code error_message retry_of'],
  ['time?', 'cancel_requested_at updated_at started_at heartbeat_at finished_at'],
];

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
  const row = columns(obj, ROW_COLUMNS) as unknown as TaskRow<TPayload, TResult>;
  row.payload = (obj.payload ?? null) as TPayload;
  row.result = (obj.result ?? null) as TResult | null;
  if (row.progress !== null) row.progress = Math.min(1, Math.max(0, row.progress));
  row.attempt ??= 0;
  row.updated_at ??= row.created_at;
  return row;
}

const EVENT_COLUMNS: Columns = [
  ['num', 'id'],
  ['text', 'task_id actor kind'],
  ['text?', 'from_status to_status reason'],
  ['time', 'at'],
];

/**
 * Checks one audit-trail entry (`task_events`).
 * @example const events = body.events.map(parseTaskEvent);
 */
export function parseTaskEvent(raw: unknown): TaskEvent {
  return columns(asObject(raw), EVENT_COLUMNS) as unknown as TaskEvent;
}

/**
 * Checks a thresholds object (milliseconds, each above 0; `cancelGraceMs` may be 0, as
 * `task_types` allows). Throws `protocol` when malformed.
 * @example parseThresholds(body.thresholds.default)
 */
export function parseThresholds(raw: unknown): TaskThresholds {
  const obj = asObject(raw);
  const out = {} as TaskThresholds;
  for (const key of THRESHOLD_KEYS) {
    const value = check(obj, key, 'num?');
    if (!validThreshold(key, value)) fail(`${key} must be milliseconds above 0 (cancelGraceMs: 0 or more)`, raw);
    out[key] = value as number;
  }
  return out;
}
