// Hand-built `useTaskStatus`-shaped objects for every state the components show. Stories and
// tests share them, so what the screenshots show is what the tests check.
import type { TaskRowLike, TaskStatusLike } from '@unstuck/task-ui';

const T0 = Date.parse('2025-03-04T09:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const MIN = 60_000;

export function row(overrides: Partial<TaskRowLike> = {}): TaskRowLike {
  return {
    id: '6c1f3f5e-2a40-4c59-9a3e-0f1d2b7c9a10',
    type: 'image_generation',
    status: 'pending',
    result: null,
    progress: null,
    progress_message: null,
    error_code: null,
    error_message: null,
    cancel_requested_at: null,
    created_at: at(0),
    started_at: null,
    heartbeat_at: null,
    finished_at: null,
    retry_of: null,
    ...overrides,
  };
}

const ok = { state: 'ok', reason: null } as const;
/** Stand-ins for the hook's actions; stories replace them with spies or real ones. */
const noop = async () => undefined;
const running = { status: 'processing', started_at: at(5_000), heartbeat_at: at(90_000) } as const;

/** A status object that carries a row. */
export type WithRow = TaskStatusLike & { task: TaskRowLike };

function active(task: TaskRowLike, elapsedMs: number | null, extra: Partial<TaskStatusLike> = {}): WithRow {
  return { status: task.status, task, isTerminal: false, health: ok, elapsedMs, connection: 'realtime', error: null,
    canCancel: true, canRetry: false, isCancelling: false, cancel: noop, retry: noop, ...extra };
}

function finished(task: TaskRowLike, extra: Partial<TaskStatusLike> = {}): WithRow {
  return { status: task.status, task, isTerminal: true, health: ok, elapsedMs: null, connection: 'realtime', error: null,
    canCancel: false, canRetry: task.status !== 'completed', cancel: noop, retry: noop, ...extra };
}

export const states = {
  loading: { status: 'loading', health: ok, elapsedMs: null, connection: 'connecting', error: null },
  pending: active(row(), 20_000),
  processingWithProgress: active(row({ ...running, progress: 0.45, progress_message: 'Rendering frame 45 of 100' }), 95_000),
  processingWithoutProgress: active(row({ ...running }), 95_000),
  slow: active(row({ ...running, progress: 0.3, heartbeat_at: at(2 * MIN) }), 17 * MIN,
    { health: { state: 'slow', reason: 'no_heartbeat' } }),
  stuckPending: active(row(), 32 * MIN, { health: { state: 'stuck', reason: 'not_picked_up' }, canRetry: true }),
  stuckProcessing: active(row({ ...running, progress: 0.5, progress_message: 'Upscaling' }), 24 * MIN,
    { health: { state: 'stuck', reason: 'no_heartbeat' }, canRetry: true }),
  runningTooLong: active(row({ ...running, progress: 0.1, heartbeat_at: at(130 * MIN) }), 131 * MIN,
    { health: { state: 'stuck', reason: 'running_too_long' }, canRetry: true }),
  cancelling: active(row({ ...running, progress: 0.6, cancel_requested_at: at(100_000) }), 110_000,
    { isCancelling: true, canCancel: false }),
  cancelNotAcknowledged: active(row({ ...running, progress: 0.6, cancel_requested_at: at(100_000) }), 4 * MIN,
    { isCancelling: true, canCancel: false, canRetry: true, health: { state: 'stuck', reason: 'cancel_not_acknowledged' } }),
  cancelled: finished(row({ status: 'cancelled', error_code: 'cancelled', finished_at: at(30_000) })),
  cancelledByReaper: finished(row({ ...running, status: 'cancelled', error_code: 'cancel_timeout',
    cancel_requested_at: at(100_000), finished_at: at(230_000) })),
  failedByWorker: finished(row({ ...running, status: 'failed', progress: 0.2, error_code: 'worker_error',
    error_message: 'The model ran out of memory while upscaling.', finished_at: at(70_000) })),
  failedByReaper: finished(row({ ...running, status: 'failed', progress: 0.5, error_code: 'heartbeat_timeout',
    error_message: 'no heartbeat for 20 minutes', finished_at: at(26 * MIN) })),
  completed: finished(row({ ...running, status: 'completed', progress: 1, result: { url: 'https://example.com/render/42.png', width: 1024 },
    finished_at: at(3 * MIN + 12_000) })),
  notFound: { status: 'not_found', task: undefined, isTerminal: false, health: ok, elapsedMs: null, connection: 'realtime', error: null },
  offline: active(row({ ...running, progress: 0.45, progress_message: 'Rendering frame 45 of 100' }), 95_000, { connection: 'offline' }),
  error: { status: 'loading', task: undefined, health: ok, elapsedMs: null, connection: 'polling',
    error: { code: 'network', message: 'Failed to fetch' } },
} satisfies Record<string, TaskStatusLike>;

export type StateName = keyof typeof states;

/** Another running task at the same percent as `states.processingWithProgress`: a list of two. */
export const videoExportWithProgress: WithRow = {
  ...states.processingWithProgress,
  task: { ...states.processingWithProgress.task, id: '3f2a1b2c-9d8e-4f70-8a61-52b3c4d5e6f7', type: 'video_export' },
};

const LONG = 'x'.repeat(5_000);

/** Malformed input the components must survive. */
export const badInput = {
  unknownStatus: { status: 'paused_by_admin', task: row({ status: 'paused_by_admin' }), health: ok },
  missingTimestamps: active(row({ ...running, created_at: null, started_at: null, heartbeat_at: null }), null),
  garbageTimestamps: active(row({ ...running, created_at: 'yesterday', started_at: 'soon' }), Number.NaN),
  progressNaN: active(row({ ...running, progress: Number.NaN }), 1_000),
  progressNegative: active(row({ ...running, progress: -1 }), 1_000),
  progressSeven: active(row({ ...running, progress: 7 }), 1_000),
  errorWithoutMessage: finished(row({ status: 'failed', error_code: null, error_message: null })),
  veryLongMessages: finished(row({ status: 'failed', error_code: `code_${LONG}`, error_message: `Boom ${LONG}` })),
  veryLongResult: finished(row({ status: 'completed', result: { blob: LONG }, finished_at: at(1_000), started_at: at(0) })),
  veryLongProgressMessage: active(row({ ...running, progress: 0.5, progress_message: `Step ${LONG}` }), 1_000),
  fetchErrorWithoutMessage: { ...active(row({ ...running }), 1_000), error: {} },
  unknownHealth: active(row({ ...running }), 1_000, { health: { state: 'zombie' as never, reason: 'ghosts' as never } }),
} satisfies Record<string, TaskStatusLike>;
