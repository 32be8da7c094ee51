import type { TaskHealth, TaskHealthReason, TaskHealthState } from './health.types';
import { isActiveStatus } from './status';
import type { TaskRow, TaskThresholds } from './types';

/**
 * The health of a task that is fine (loading, terminal, unknown status, or simply on time).
 * @example if (health === HEALTH_OK) return null;
 */
export const HEALTH_OK: Readonly<TaskHealth> = Object.freeze({ state: 'ok', reason: null, since: null, nextChangeAt: null });

interface Crossing {
  at: number;
  state: Exclude<TaskHealthState, 'ok'>;
  reason: TaskHealthReason;
}

function ms(iso: string | null): number | null {
  if (iso === null) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : value;
}

/** Every threshold this row will cross, on the server clock. */
function crossings(row: TaskRow, t: TaskThresholds): Crossing[] {
  const out: Crossing[] = [];
  const add = (from: number | null, afterMs: number, state: Crossing['state'], reason: TaskHealthReason) => {
    if (from !== null) out.push({ at: from + afterMs, state, reason });
  };
  const created = ms(row.created_at);
  if (row.status === 'pending') {
    add(created, t.pendingWarnAfterMs, 'slow', 'not_picked_up');
    add(created, t.pendingTimeoutMs, 'stuck', 'not_picked_up');
  }
  if (row.status === 'processing') {
    const started = ms(row.started_at) ?? ms(row.updated_at) ?? created;
    const lastBeat = ms(row.heartbeat_at) ?? started;
    add(lastBeat, t.heartbeatWarnAfterMs, 'slow', 'no_heartbeat');
    add(lastBeat, t.heartbeatTimeoutMs, 'stuck', 'no_heartbeat');
    add(started, t.maxRuntimeMs, 'stuck', 'running_too_long');
  }
  if (isActiveStatus(row.status)) add(ms(row.cancel_requested_at), t.cancelGraceMs, 'stuck', 'cancel_not_acknowledged');
  return out;
}

const RANK: Record<TaskHealthState, number> = { ok: 0, slow: 1, stuck: 2 };

/**
 * How a task looks at `serverNow` (epoch ms on the database clock): `ok`, `slow` (past the client
 * warning point) or `stuck` (past the reaper's limit), with the reason, when it started, and when
 * the health will next change if nothing else happens — so a caller can set one timer at
 * `nextChangeAt` instead of polling to notice it.
 *
 * - pending: slow after `pendingWarnAfterMs`, stuck after `pendingTimeoutMs` since `created_at`;
 * - processing: slow / stuck after `heartbeatWarnAfterMs` / `heartbeatTimeoutMs` without a beat
 *   (`heartbeat_at`, else `started_at`), stuck after `maxRuntimeMs` since `started_at`;
 * - a cancel request not acknowledged within `cancelGraceMs` is stuck.
 * Terminal and unknown statuses are always `ok`.
 * @example
 * const health = computeHealth(row, DEFAULT_THRESHOLDS, clock.serverNow());
 * if (health.state === 'stuck') showWarning(health.reason);
 */
export function computeHealth(row: TaskRow, thresholds: TaskThresholds, serverNow: number): TaskHealth {
  const all = crossings(row, thresholds);
  // The worst crossing reached; among equally bad ones, the earliest explains it best (`sort` is
  // stable, so the first listed of two at the same instant).
  const worst = all.filter((c) => c.at <= serverNow).sort((a, b) => RANK[b.state] - RANK[a.state] || a.at - b.at)[0];
  // Health only gets worse as time passes, so it next changes at the first crossing worse than now.
  const rank = worst ? RANK[worst.state] : 0;
  const next = Math.min(...all.filter((c) => c.at > serverNow && RANK[c.state] > rank).map((c) => c.at));
  if (!worst) return next === Infinity ? HEALTH_OK : { ...HEALTH_OK, nextChangeAt: next };
  return { state: worst.state, reason: worst.reason, since: worst.at, nextChangeAt: next < Infinity ? next : null };
}

/**
 * Milliseconds between a server timestamp and `serverNow`, never negative (a row written a
 * moment after the last clock sample must not show "-0:01").
 * @example elapsedSince(row.created_at, clock.serverNow()) // 5230
 */
export function elapsedSince(iso: string | null, serverNow: number): number | null {
  const start = ms(iso);
  return start === null ? null : Math.max(0, serverNow - start);
}

/**
 * True when two health values say the same thing (keeps memoised results stable).
 * @example sameHealth(HEALTH_OK, { ...HEALTH_OK }) // true
 */
export function sameHealth(a: TaskHealth, b: TaskHealth): boolean {
  return a.state === b.state && a.reason === b.reason && a.since === b.since && a.nextChangeAt === b.nextChangeAt;
}
