// Names and shapes of the SQL contract that TypeScript callers refer to (docs/CONTRACT.md).

/** What `reap_stuck_tasks()` returns (defined next to the Edge Function, which needs it alone). */
export type { ReapCounts } from '../functions/reap-stuck-tasks/reap';

/** The LISTEN channel every task insert and update is announced on (migration 0011). */
export const NOTIFY_CHANNEL = 'unstuck_task_changes';

/** The payload of a notification on NOTIFY_CHANNEL: a hint to re-read the row. */
export interface TaskChangeNotice {
  id: string;
  user_id: string;
  type: string;
  status: string;
  updated_at: string;
}

/** The contract's own SQLSTATEs, by the TaskError code they map to. */
export const SQLSTATES = {
  not_found: 'UT001',
  unknown_type: 'UT002',
  payload_too_large: 'UT003',
  invalid_id: 'UT004',
  illegal_state: 'UT005',
  unauthorized: 'UT006',
} as const;
