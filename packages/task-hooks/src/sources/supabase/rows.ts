// Shapes read through PostgREST, checked just enough that a wrong answer is a `protocol` error
// instead of a crash deep inside a hook.
import { TaskError } from '../../core/errors';
import { parseTaskRow, parseThresholds } from '../../core/parse';
import type { SubmitResult, TaskRow, TaskThresholds } from '../../core/types';
import { thresholdsByType } from '../thresholds-by-type';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asTaskRows(value: unknown): TaskRow[] {
  if (!Array.isArray(value)) throw new TaskError('protocol', 'Expected a list of task rows', { cause: value });
  return value.map((row) => parseTaskRow(row));
}

/** `{task, created, reaped_task_id}` from submit_task / retry_task. */
export function asSubmitResult(value: unknown): SubmitResult {
  if (!isRecord(value) || typeof value.created !== 'boolean') {
    throw new TaskError('protocol', 'Expected {task, created, reaped_task_id}', { cause: value });
  }
  const reaped = value.reaped_task_id;
  return { task: parseTaskRow(value.task), created: value.created, reapedTaskId: typeof reaped === 'string' ? reaped : null };
}

const UNIT_MS: Record<string, number> = {
  year: 365 * 86_400_000,
  mon: 30 * 86_400_000,
  month: 30 * 86_400_000,
  week: 7 * 86_400_000,
  day: 86_400_000,
  hour: 3_600_000,
  min: 60_000,
  minute: 60_000,
  sec: 1000,
  second: 1000,
};

/**
 * Milliseconds of a PostgreSQL interval as PostgREST prints it: the default `postgres` style
 * (`1 day 02:03:04.5`, `00:10:00`) or `iso_8601` (`P1DT2H`). Months count as 30 days.
 */
export function intervalToMs(text: string): number {
  const iso = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(text);
  if (iso) {
    const [years, months, weeks, days, hours, minutes, seconds] = iso.slice(1).map((part) => Number(part ?? 0)) as number[];
    return (years! * UNIT_MS.year! + months! * UNIT_MS.mon! + weeks! * UNIT_MS.week! + days! * UNIT_MS.day! +
      hours! * UNIT_MS.hour! + minutes! * UNIT_MS.min! + seconds! * 1000);
  }
  let total = 0;
  let rest = text.trim();
  const clock = /(-)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(rest);
  if (clock) {
    const sign = clock[1] ? -1 : 1;
    total += sign * (Number(clock[2]) * 3_600_000 + Number(clock[3]) * 60_000 + Number(clock[4]) * 1000);
    rest = rest.slice(0, clock.index).trim();
  }
  const UNIT_TERM = /(-?[\d.]+)\s*([a-z]+?)s?\b/g;
  if (rest.replace(UNIT_TERM, '').trim() !== '') throw new TaskError('protocol', `Unreadable interval ${JSON.stringify(text)}`);
  for (const [, amount, unit] of rest.matchAll(UNIT_TERM)) {
    const perUnit = UNIT_MS[unit ?? ''];
    if (perUnit === undefined) throw new TaskError('protocol', `Unreadable interval ${JSON.stringify(text)}`);
    total += Number(amount) * perUnit;
  }
  if (!clock && rest === '') throw new TaskError('protocol', `Unreadable interval ${JSON.stringify(text)}`);
  return Math.round(total);
}

const THRESHOLD_COLUMNS = {
  pendingWarnAfterMs: 'pending_warn_after',
  pendingTimeoutMs: 'pending_timeout',
  heartbeatWarnAfterMs: 'heartbeat_warn_after',
  heartbeatTimeoutMs: 'heartbeat_timeout',
  maxRuntimeMs: 'max_runtime',
  cancelGraceMs: 'cancel_grace',
} as const satisfies Record<keyof TaskThresholds, string>;

/**
 * The `task_types` rows as thresholds in milliseconds, keyed by type. A malformed row costs only
 * its own type (see `thresholdsByType`); an answer that is not a list is a `protocol` error.
 */
export function thresholdsFromRows(value: unknown): Record<string, TaskThresholds> {
  if (!Array.isArray(value)) throw new TaskError('protocol', 'Expected task_types rows', { cause: value });
  const rowThresholds = (row: unknown): TaskThresholds => {
    const entry = {} as TaskThresholds;
    for (const [key, column] of Object.entries(THRESHOLD_COLUMNS) as Array<[keyof TaskThresholds, string]>) {
      const raw = (row as Record<string, unknown>)[column];
      entry[key] = typeof raw === 'number' ? raw : intervalToMs(String(raw));
    }
    return parseThresholds(entry);
  };
  return thresholdsByType('supabase', value.map((row: unknown) => [isRecord(row) ? row.type : undefined, row] as const), rowThresholds);
}
