/** How a task looks from its server timestamps. */
export type TaskHealthState = 'ok' | 'slow' | 'stuck';

/** Why a task is slow or stuck. */
export type TaskHealthReason =
  /** pending, and no worker has claimed it. */
  | 'not_picked_up'
  /** processing, and the worker stopped beating. */
  | 'no_heartbeat'
  /** processing for longer than the type's max runtime (`maxRuntimeMs`, `max_runtime`), beating or not: stuck at once. */
  | 'running_too_long'
  /** a cancel was requested and the worker has not acknowledged it. */
  | 'cancel_not_acknowledged';

/** A task's health on the server clock: `ok`, `slow` or `stuck`, why, since when, and when it next changes. */
export interface TaskHealth {
  state: TaskHealthState;
  /** null when `state` is `ok`. */
  reason: TaskHealthReason | null;
  /** Server-clock epoch ms at which the task became slow / stuck; null when `ok`. */
  since: number | null;
  /**
   * Server-clock epoch ms at which the health will next change if nothing else happens (the next
   * threshold), so a hook can schedule one timer instead of polling to notice it; null when never.
   */
  nextChangeAt: number | null;
}
