import type { TaskThresholds } from '../core/types';

/** One `task_types` row of the memory source. */
export interface MemoryTaskType extends TaskThresholds {
  /** One active task per (user, type): `submit` returns the healthy active one instead. */
  exclusive: boolean;
  /** Payloads whose JSON is larger are refused with `payload_too_large`. */
  maxPayloadBytes: number;
}

/** Worker RPC answers, as `heartbeat_task` / `complete_task` … return them. */
export interface WorkerAnswer {
  accepted: boolean;
  /** Only from heartbeats: false when the worker should stop (cancel requested, fenced off). */
  keep_going?: boolean;
  /** `no_cancel_request` only from `ackCancel`, when no cancel was requested. */
  reason: 'cancel_requested' | 'stale_attempt' | 'not_active' | 'no_cancel_request' | null;
}

/** Counts returned by `reap()`, like `reap_stuck_tasks()`. */
export interface ReapCounts {
  pending_timeout: number;
  heartbeat_timeout: number;
  max_runtime: number;
  cancel_timeout: number;
}
