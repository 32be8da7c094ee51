import type { TaskRow } from '../core/types';
import type { MemorySource } from './memory-source';

/**
 * What the simulated worker does with a task:
 * - `succeed`: claims, reports progress with heartbeats, completes;
 * - `fail`: claims, reports some progress, fails with `worker_error`;
 * - `crash_before_claim`: never claims (the task stays pending: "not picked up");
 * - `crash_mid_task`: claims, reports half the progress, then goes silent (no heartbeats);
 * - `hang`: claims and keeps beating without progress, never finishing (caught by max runtime once
 *   `source.reap()` runs; until then it beats on, so `stop()` it);
 * - `slow_but_alive`: like succeed but ten times slower, always beating (must never look stuck);
 * - `ignore_cancel`: like slow_but_alive, but ignores cancel requests: the work goes on, and the reaper
 *   cancels the task if it outlasts the cancel grace (2 min by default; with the default 5 s
 *   duration, 50 s at that pace, the task completes first, which the database accepts after a cancel request).
 * Every scenario but `ignore_cancel` acknowledges a cancel request at its next heartbeat.
 */
export type WorkerScenario =
  | 'succeed'
  | 'fail'
  | 'crash_before_claim'
  | 'crash_mid_task'
  | 'hang'
  | 'slow_but_alive'
  | 'ignore_cancel';

/** Options of {@link createSimulatedWorker}. */
export interface SimulatedWorkerOptions {
  /** What the worker does with each task it takes (see {@link WorkerScenario}). */
  scenario: WorkerScenario;
  /**
   * Work on this task only. Without it, the worker takes every pending task (of `type`, if given).
   * @default undefined (every pending task)
   */
  taskId?: string;
  /** Only take tasks of this type. @default every type */
  type?: string;
  /** Delay between a task becoming pending and the claim. @default 500 */
  startDelayMs?: number;
  /** How long a `succeed` / `fail` run takes (`slow_but_alive` takes 10×). @default 5000 */
  durationMs?: number;
  /** Heartbeats (with progress) per run. @default 5 */
  steps?: number;
  /** What `succeed` stores as the result. @default { ok: true } */
  result?: unknown;
}

/** A running simulated worker. */
export interface SimulatedWorker {
  /** Stops every timer of the worker (the tasks stay as they are). */
  stop(): void;
  /** Ids of the tasks this worker claimed, in order. */
  readonly claimed: readonly string[];
}

const progressFor = (scenario: WorkerScenario, step: number, steps: number) =>
  scenario === 'hang' ? 0 : Math.round((step / steps) * 100) / 100;

/**
 * A scripted worker for the memory source, driven by `setTimeout` so fake timers control it.
 * @example
 * vi.useFakeTimers();
 * const source = createMemorySource();
 * const { task } = await source.submit('export', {});
 * createSimulatedWorker(source, { taskId: task.id, scenario: 'crash_mid_task' });
 * await vi.advanceTimersByTimeAsync(21 * 60_000); // no heartbeat for over 20 min: the task is stuck
 */
export function createSimulatedWorker(source: MemorySource, options: SimulatedWorkerOptions): SimulatedWorker {
  const { scenario, startDelayMs = 500, durationMs = 5_000, steps = 5, result = { ok: true } } = options;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const scheduled = new Set<string>();
  const claimed: string[] = [];
  let stopped = false;

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) fn();
    }, ms);
    timers.add(timer);
  };

  const wants = (row: TaskRow | undefined): row is TaskRow =>
    !!row && row.status === 'pending' && (!options.taskId || row.id === options.taskId.toLowerCase()) && (!options.type || row.type === options.type);

  function run(row: TaskRow): void {
    const task = source.worker.claim(row.id);
    if (!task) return;
    claimed.push(task.id);
    const slow = scenario === 'hang' || scenario === 'slow_but_alive' || scenario === 'ignore_cancel';
    beat(task.id, task.attempt, 1, slow ? durationMs * 10 : durationMs);
  }

  /** One step of a run: silence, failure, completion, or a heartbeat and the next step. */
  function beat(id: string, attempt: number, step: number, total: number): void {
    later(total / steps, () => {
      if (scenario === 'crash_mid_task' && step > steps / 2) return; // the process died: silence
      if (scenario === 'fail' && step > steps / 2) {
        return void source.worker.fail(id, attempt, 'worker_error', 'Simulated worker error');
      }
      if (step >= steps && scenario !== 'hang') return void source.worker.complete(id, attempt, result);
      // A hung worker is stuck inside its first step while something keeps beating for it.
      const message = `step ${scenario === 'hang' ? 1 : step} of ${steps}`;
      const answer = source.worker.heartbeat(id, attempt, progressFor(scenario, step, steps), message);
      if (scenario !== 'ignore_cancel') {
        if (answer.reason === 'cancel_requested') return void source.worker.ackCancel(id, attempt);
        if (!answer.accepted) return; // fenced off (reaped, cancelled): a well-behaved worker stops
      }
      beat(id, attempt, step + 1, total);
    });
  }

  function consider(id: string): void {
    const row = source.getTask(id);
    if (scenario === 'crash_before_claim' || scheduled.has(id) || !wants(row)) return;
    scheduled.add(id);
    later(startDelayMs, () => {
      const current = source.getTask(id);
      if (wants(current)) run(current);
    });
  }

  const unsubscribe = source.onRowChange(consider);
  for (const id of source.store.rows.keys()) consider(id);

  return {
    stop() {
      stopped = true;
      unsubscribe();
      timers.forEach(clearTimeout);
      timers.clear();
    },
    claimed,
  };
}
