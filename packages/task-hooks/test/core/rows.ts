import type { TaskRow } from '../../src/core/types';

export const T0 = Date.parse('2026-12-04T10:00:00Z');
export const iso = (ms: number) => new Date(ms).toISOString();

/** A row created at T0 + `createdAfter`, with any column overridden. */
export function row(patch: Partial<TaskRow> = {}): TaskRow {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    user_id: '00000000-0000-4000-8000-0000000000aa',
    type: 'export',
    status: 'pending',
    payload: {},
    result: null,
    progress: null,
    progress_message: null,
    attempt: 0,
    cancel_requested_at: null,
    error_code: null,
    error_message: null,
    created_at: iso(T0),
    updated_at: iso(T0),
    started_at: null,
    heartbeat_at: null,
    finished_at: null,
    retry_of: null,
    ...patch,
  };
}
