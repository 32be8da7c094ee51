import { computeHealth } from '../core/health';
import type { TaskHealth } from '../core/health.types';
import type { TaskRow, TaskThresholds } from '../core/types';

/**
 * Half of the 1 s within which a stuck task must be flagged: a fresh read normally lands in tens of
 * ms, and when none does, the unconfirmed verdict still shows within 1 s of the threshold even
 * with a few hundred ms of clock-estimate margin on top.
 */
export const DEFAULT_VERIFY_WINDOW_MS = 500;

/** The instants health is judged from, all on the server clock. */
export interface JudgeClock {
  /** The latest server time certainly reached (`serverNow - healthDelayMs`). */
  now: number;
  /** The earliest server time the read behind the cached row may have started; null when unknown. */
  readAt: number | null;
  /** How long past `readAt` the row is trusted for a verdict that time alone made worse; 0: always. */
  windowMs: number;
  /**
   * Until then (`Infinity`: while the device is offline), health rests on the last read alone: no
   * read can confirm a verdict, and the worker's silence may be only ours. Null: not held.
   */
  heldUntil: number | null;
  /** The thresholds this hook judged the row's type with, and their last change (absent: none seen). */
  seen?: ThresholdsSeen;
}

/**
 * The thresholds a hook last judged a task type with, and, once they changed (its `thresholds`
 * option, the provider's, the source's arriving late), the ones before and when (a `now`).
 */
export type ThresholdsSeen = readonly [current: TaskThresholds, before?: TaskThresholds, changedAt?: number];

export interface Judgement {
  /** The health to show. */
  health: TaskHealth;
  /** Server time at which the shown health may change with no new row (null: never). */
  wakeAt: number | null;
  /** Set while a worse verdict waits for a read started at or after this server time. */
  verifySince: number | null;
}

/**
 * Health that time alone made worse rests on a read started after the threshold was crossed: it is
 * judged at `min(now, max(readAt, now - windowMs))`. A worker that beat since the client's copy was
 * read is not flagged from that copy; a fresh read (`verifySince`) confirms the verdict or clears
 * it, and if none answers the verdict shows `windowMs` late anyway, so a failing or slow server
 * cannot hide a stuck task. While the device is offline (and for `windowMs` after, for the read that
 * coming back triggers), health rests on the last read: `heldUntil`.
 * Lower thresholds are no surer than time: the cached row may be past them only because nothing
 * asked for a newer one. So after a change (`seen`), until a read sent after it lands, and for
 * `windowMs` at most, the thresholds before it judge, unless the new ones say better (shown at once).
 */
export function judgeHealth(row: TaskRow, thresholds: TaskThresholds, clock: JudgeClock): Judgement {
  // NaN when nothing changed: every comparison with it is false.
  const { now, readAt, windowMs, heldUntil, seen: [, before, changedAt = NaN] = [] } = clock;
  const latest = computeHealth(row, thresholds, now);
  // A hydrated row (no read of ours) is never held: it would pass for healthy for good.
  const held = readAt !== null && heldUntil !== null && now < heldUntil;
  const judgeAt = held ? Math.min(now, readAt) : windowMs > 0 ? Math.min(now, Math.max(readAt ?? -Infinity, now - windowMs)) : now;
  const unsure = changedAt > (readAt ?? -Infinity) && now < changedAt + windowMs;
  const health = computeHealth(row, unsure ? (before as TaskThresholds) : thresholds, judgeAt);
  // Not better than the latest: nothing waits for a read (with the same thresholds: the same state,
  // and health only worsens, so `since` is the same too).
  if (health.state === latest.state || (health.state !== 'ok' && latest.state !== 'stuck')) {
    return { health: latest, wakeAt: latest.nextChangeAt, verifySince: null };
  }
  // Unconfirmed, the next verdict shows once `now - windowMs` reaches it (while unsure: the change),
  // and not while held; a new crossing may come first. A read sent after the change ends `unsure`,
  // and a verdict still unconfirmed then waits for its own.
  const shown = Math.max((unsure ? changedAt : (health.nextChangeAt as number)) + windowMs, held ? heldUntil : -Infinity);
  const wakeAt = Math.min(shown, latest.nextChangeAt ?? Infinity);
  return { health, wakeAt: wakeAt < Infinity ? wakeAt : null, verifySince: unsure ? changedAt : latest.since };
}
