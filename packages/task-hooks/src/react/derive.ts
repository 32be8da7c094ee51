import { TaskError, isTaskError } from '../core/errors';
import { HEALTH_OK, elapsedSince } from '../core/health';
import { classifyStatus, isTerminalStatus } from '../core/status';
import type { TaskRow, TaskThresholds } from '../core/types';
import { judgeHealth, type JudgeClock, type Judgement } from './judge';
import type { TaskStatusResult } from './types';

/** What a row (or its absence) means for the UI at one instant. Pure, so it is tested alone. */
export interface DerivedTask extends Judgement {
  status: TaskStatusResult['status'];
  isTerminal: boolean;
  elapsedMs: number | null;
}

/**
 * @param loaded undefined while loading, null when missing (treated as missing when `invalidId`)
 * @param serverNow the server clock now, for the elapsed time; null while the offset is unknown
 * @param judging the instants health is judged from (see `useClientState`, `judgeHealth`); null
 *   while the offset is unknown: then nothing is judged (a client clock an hour off must not raise
 *   a false warning)
 */
export function deriveTask(
  loaded: TaskRow | null | undefined,
  invalidId: boolean,
  thresholds: TaskThresholds,
  serverNow: number | null,
  judging: JudgeClock | null,
): DerivedTask {
  const row = invalidId ? null : loaded;
  const idle = { health: HEALTH_OK, wakeAt: null, verifySince: null };
  if (!row) return { status: row === null ? 'not_found' : 'loading', isTerminal: false, ...idle, elapsedMs: null };
  const isTerminal = isTerminalStatus(row.status);
  // A terminal task's elapsed time stops at its end; an active one's runs on the server clock.
  const end = isTerminal ? Date.parse(row.finished_at ?? row.updated_at) : serverNow;
  return {
    status: classifyStatus(row.status),
    isTerminal,
    // computeHealth says `ok` for terminal and unknown statuses.
    ...(judging === null ? idle : judgeHealth(row, thresholds, judging)),
    elapsedMs: end === null ? null : elapsedSince(row.created_at, end),
  };
}

/** The `TaskError` made for each foreign error object, so a result carrying it keeps its identity. */
const wrapped = new WeakMap<object, TaskError>();

/**
 * Any thrown value as a `TaskError` (sources only throw those; anything else is a bug report).
 * The same foreign error gives the same `TaskError` at every render, so `useTaskStatus`'s result
 * stays the same object while it shows.
 */
export function toTaskError(error: unknown): TaskError | null {
  if (error == null) return null;
  if (isTaskError(error)) return error;
  const wrap = () => new TaskError('server', error instanceof Error ? error.message : String(error), { cause: error });
  if (typeof error !== 'object') return wrap();
  if (!wrapped.has(error)) wrapped.set(error, wrap());
  return wrapped.get(error) as TaskError;
}
