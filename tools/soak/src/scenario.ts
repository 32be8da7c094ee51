// What a soak run does to each task: its type, the fault its worker suffers, whether its user asks
// to cancel it and when, and whether the worker honours that. Drawn from the task's own PRNG stream
// so that the same seed asks the same of task number N whatever the timing.
import { createPrng, type Prng } from './prng';

/** Seconds-scale limits, so that every rule of the reaper fires many times within a minute. */
export const SOAK_THRESHOLDS = {
  pendingWarnAfterMs: 1_000,
  pendingTimeoutMs: 4_000,
  heartbeatWarnAfterMs: 1_000,
  heartbeatTimeoutMs: 3_000,
  maxRuntimeMs: 8_000,
  cancelGraceMs: 2_000,
} as const;

export const SHARED_TYPE = 'soak_shared';
export const EXCLUSIVE_TYPE = 'soak_exclusive';
export const SOAK_TYPES = [SHARED_TYPE, EXCLUSIVE_TYPE] as const;

/** The rows the run adds to `task_types` (as the admin, before any load). */
export function soakTaskTypesSql(): string {
  const t = SOAK_THRESHOLDS;
  const ms = (value: number) => `interval '${value} milliseconds'`;
  const row = (type: string, exclusive: boolean) =>
    `('${type}', ${ms(t.pendingWarnAfterMs)}, ${ms(t.pendingTimeoutMs)}, ${ms(t.heartbeatWarnAfterMs)}, ` +
    `${ms(t.heartbeatTimeoutMs)}, ${ms(t.maxRuntimeMs)}, ${ms(t.cancelGraceMs)}, ${exclusive})`;
  return `insert into public.task_types (type, pending_warn_after, pending_timeout,
      heartbeat_warn_after, heartbeat_timeout, max_runtime, cancel_grace, exclusive)
    values ${row(SHARED_TYPE, false)}, ${row(EXCLUSIVE_TYPE, true)}`;
}

/** Every way a simulated worker invocation can go. */
export const FAULT_KINDS = [
  'none', // heartbeats, then completes
  'worker_error', // heartbeats, then fail_task (an honest failure, not a fault of the platform)
  'crash_before_claim', // the invocation dies before claim_task: the task stays pending
  'crash_mid_task', // claims, beats a few times, dies silently
  'hang', // claims, then never writes again
  'slow_alive', // runs longer than heartbeat_timeout but keeps beating: must never be reaped
  'late_completion', // claims, hangs until reaped, then completes anyway (must be refused)
  'duplicate_delivery', // the same task id is delivered to two workers at once
  'runaway', // beats forever: only max_runtime stops it
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const FAULT_WEIGHTS: Record<FaultKind, number> = {
  none: 50,
  worker_error: 5,
  crash_before_claim: 6,
  crash_mid_task: 6,
  hang: 5,
  slow_alive: 7,
  late_completion: 5,
  duplicate_delivery: 10,
  runaway: 2,
};

export interface TaskPlan {
  number: number;
  userIndex: number;
  type: string;
  fault: FaultKind;
  /** How long the worker works before finishing (or crashing, for crash_mid_task). */
  workMs: number;
  /** Interval between heartbeats. */
  beatEveryMs: number;
  /** When set, the user asks to cancel this long after submitting (at most 3 s). */
  cancelAfterMs: number | null;
  /** Whether the worker acknowledges a cancel request (else it carries on). */
  honoursCancel: boolean;
  /** Instead of a new submission, the user retries one of their earlier tasks. */
  retryEarlier: boolean;
}

/**
 * The plan for task number `n` of a run seeded `seed`.
 * `lateInRun` says the load is about to end: runaways (8 s to reap) are not started then, so the
 * drain stays short.
 */
export function planTask(seed: number, n: number, users: number, lateInRun: boolean): TaskPlan {
  const rng: Prng = createPrng(seed, n + 1);
  const t = SOAK_THRESHOLDS;
  let fault = rng.weighted(FAULT_WEIGHTS);
  if (lateInRun && fault === 'runaway') fault = 'none';
  const workMs =
    fault === 'slow_alive'
      ? rng.between(1.3, 2.1) * t.heartbeatTimeoutMs // past heartbeat_timeout, within max_runtime
      : fault === 'crash_mid_task'
        ? rng.between(200, 1_200)
        : rng.between(100, 1_500);
  return {
    number: n,
    userIndex: rng.int(0, users - 1),
    type: rng.chance(0.3) ? EXCLUSIVE_TYPE : SHARED_TYPE,
    fault,
    workMs,
    // several beats per heartbeat_timeout, so that an alive worker is never late
    beatEveryMs: rng.between(250, 450),
    // Mostly while the worker is on it (so that honouring and ignoring both matter), sometimes
    // before the claim or after the end (a no-op that must stay one).
    cancelAfterMs: rng.chance(0.12) ? rng.between(0, Math.min(3_000, 1.2 * workMs + 400)) : null,
    honoursCancel: rng.chance(0.6),
    retryEarlier: rng.chance(0.03),
  };
}

/** The users of a run: fixed by the seed. */
export function userIds(seed: number, count: number): string[] {
  const rng = createPrng(seed, 0);
  return Array.from({ length: count }, () => rng.uuid());
}
