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
  /**
   * When this hook began judging the row under the thresholds it is given (its mount, a new id,
   * changed thresholds); a verdict worse than the copy read before then waits from then.
   */
  judgedFrom: number;
}

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
 * cannot hide a stuck task. The window runs from the threshold or from `judgedFrom`, whichever is
 * later: a threshold this hook was not judging under when it passed (a remount over a row cached
 * a minute ago, thresholds lowered under a cached row) is confirmed like one passing now. While the
 * device is offline (and for `windowMs` after, for the read that coming back triggers), health
 * rests on the last read: `heldUntil`.
 */
export function judgeHealth(row: TaskRow, thresholds: TaskThresholds, clock: JudgeClock): Judgement {
  const { now, readAt, windowMs, heldUntil, judgedFrom } = clock;
  const latest = computeHealth(row, thresholds, now);
  // A hydrated row (no read of ours) is never held: it would pass for healthy for good.
  const held = readAt !== null && heldUntil !== null && now < heldUntil;
  // Until a window after `judgedFrom`, no threshold passed since the read is trusted unconfirmed; a
  // hydrated row's read time is unknown, so it is judged as no threshold had passed (its copy may be
  // minutes old while the worker beat), and the mount read decides.
  const trusted = now < judgedFrom + windowMs ? -Infinity : now - windowMs;
  const judgeAt = held ? Math.min(now, readAt) : windowMs > 0 ? Math.min(now, Math.max(readAt ?? trusted, trusted)) : now;
  const health = computeHealth(row, thresholds, judgeAt);
  // Same state either way: nothing waits for a read (health only worsens, so `since` is the same too).
  if (latest.state === health.state) return { health: latest, wakeAt: latest.nextChangeAt, verifySince: null };
  // Unconfirmed, the next verdict shows once `now - windowMs` reaches it, and not while held; a new
  // crossing may come first.
  const shown = Math.max((health.nextChangeAt as number) + windowMs, judgedFrom + windowMs, held ? heldUntil : -Infinity);
  const wakeAt = Math.min(shown, latest.nextChangeAt ?? Infinity);
  return { health, wakeAt: wakeAt < Infinity ? wakeAt : null, verifySince: latest.since };
}
