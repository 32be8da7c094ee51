import type { TaskHealth, TaskHealthReason, TaskHealthState } from './health.types';
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
  const created = ms(row.created_at);
  if (row.status === 'pending' && created !== null) {
    out.push({ at: created + t.pendingWarnAfterMs, state: 'slow', reason: 'not_picked_up' });
    out.push({ at: created + t.pendingTimeoutMs, state: 'stuck', reason: 'not_picked_up' });
  }
  if (row.status === 'processing') {
    const started = ms(row.started_at) ?? ms(row.updated_at) ?? created;
    const lastBeat = ms(row.heartbeat_at) ?? started;
    if (lastBeat !== null) {
      out.push({ at: lastBeat + t.heartbeatWarnAfterMs, state: 'slow', reason: 'no_heartbeat' });
      out.push({ at: lastBeat + t.heartbeatTimeoutMs, state: 'stuck', reason: 'no_heartbeat' });
    }
    if (started !== null) out.push({ at: started + t.maxRuntimeMs, state: 'stuck', reason: 'running_too_long' });
  }
  const cancelAt = ms(row.cancel_requested_at);
  if (cancelAt !== null && (row.status === 'pending' || row.status === 'processing')) {
    out.push({ at: cancelAt + t.cancelGraceMs, state: 'stuck', reason: 'cancel_not_acknowledged' });
  }
  return out;
}

const RANK: Record<TaskHealthState, number> = { ok: 0, slow: 1, stuck: 2 };

/** The worst crossing reached by `now`; among equally bad ones, the earliest explains it best. */
function healthAt(all: Crossing[], now: number): Omit<TaskHealth, 'nextChangeAt'> {
  let worst: Crossing | null = null;
  for (const c of all) {
    if (c.at > now) continue;
    if (!worst || RANK[c.state] > RANK[worst.state] || (c.state === worst.state && c.at < worst.at)) worst = c;
  }
  return worst ? { state: worst.state, reason: worst.reason, since: worst.at } : { state: 'ok', reason: null, since: null };
}

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
  if (all.length === 0) return HEALTH_OK;
  const current = healthAt(all, serverNow);
  let nextChangeAt: number | null = null;
  for (const at of all.map((c) => c.at).filter((at) => at > serverNow).sort((a, b) => a - b)) {
    const then = healthAt(all, at);
    if (then.state !== current.state || then.reason !== current.reason) {
      nextChangeAt = at;
      break;
    }
  }
  return { ...current, nextChangeAt };
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
