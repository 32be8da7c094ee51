import { TaskError, isTaskError } from '../core/errors';
import { HEALTH_OK, computeHealth, elapsedSince } from '../core/health';
import type { TaskHealth } from '../core/health.types';
import { classifyStatus, isTerminalStatus } from '../core/status';
import type { TaskRow, TaskThresholds } from '../core/types';
import type { TaskStatusResult } from './types';

/** What a row (or its absence) means for the UI at one instant. Pure, so it is tested alone. */
export interface DerivedTask {
  status: TaskStatusResult['status'];
  isTerminal: boolean;
  health: TaskHealth;
  elapsedMs: number | null;
}

/**
 * @param row undefined while loading, null when missing
 * @param serverNow the server clock now, or null while the offset is unknown (then nothing is
 *   judged: a client clock an hour off must not raise a false warning)
 */
export function deriveTask(row: TaskRow | null | undefined, invalidId: boolean, thresholds: TaskThresholds, serverNow: number | null): DerivedTask {
  if (invalidId || row === null) return { status: 'not_found', isTerminal: false, health: HEALTH_OK, elapsedMs: null };
  if (row === undefined) return { status: 'loading', isTerminal: false, health: HEALTH_OK, elapsedMs: null };
  const known = classifyStatus(row.status);
  const isTerminal = isTerminalStatus(row.status);
  if (isTerminal) {
    const end = row.finished_at ?? row.updated_at;
    return { status: known, isTerminal, health: HEALTH_OK, elapsedMs: elapsedSince(row.created_at, Date.parse(end)) };
  }
  if (serverNow === null) return { status: known, isTerminal, health: HEALTH_OK, elapsedMs: null };
  return {
    status: known,
    isTerminal,
    health: known === 'unknown' ? HEALTH_OK : computeHealth(row, thresholds, serverNow),
    elapsedMs: elapsedSince(row.created_at, serverNow),
  };
}

/** Any thrown value as a `TaskError` (sources only throw those; anything else is a bug report). */
export function toTaskError(error: unknown): TaskError | null {
  if (error === null || error === undefined) return null;
  if (isTaskError(error)) return error;
  return new TaskError('server', error instanceof Error ? error.message : String(error), { cause: error });
}
