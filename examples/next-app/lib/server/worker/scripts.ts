import type { ScenarioId } from '../../scenarios';

/** One step of a simulated job: wait, then report progress with a heartbeat. */
export interface Step {
  afterMs: number;
  progress: number;
  message: string;
}

/** What the simulated worker does with a claimed task; see lib/scenarios.ts for the user's words. */
export interface Script {
  /** Delay between noticing the task and claiming it, so "waiting for a worker" is visible. */
  pickUpAfterMs: number;
  steps: Step[];
  /** How the job ends after its last step. */
  end:
    | { kind: 'complete'; result: Record<string, unknown> }
    | { kind: 'fail'; code: string; message: string }
    /** The process "dies": no more writes, ever. */
    | { kind: 'vanish' };
  /** A cooperative worker acknowledges a cancel request at its next heartbeat; this one does not. */
  honoursCancel: boolean;
}

const steady = (count: number, everyMs: number, label: (n: number) => string, upTo = 1): Step[] =>
  Array.from({ length: count }, (_, i) => ({
    afterMs: everyMs,
    progress: Math.round(((i + 1) / count) * upTo * 100) / 100,
    message: label(i + 1),
  }));

const PHASES = ['Reading the request', 'Gathering material', 'Drafting', 'Refining', 'Checking', 'Saving'];

/** Scripts per scenario; `null` means no worker ever claims the task. */
export const SCRIPTS: Record<ScenarioId, Script | null> = {
  succeeds: {
    pickUpAfterMs: 700,
    steps: steady(6, 1000, (n) => PHASES[n - 1] ?? `Step ${n}`),
    end: { kind: 'complete', result: { summary: 'Done: the result is ready.' } },
    honoursCancel: true,
  },
  fails: {
    pickUpAfterMs: 700,
    steps: steady(3, 1000, (n) => PHASES[n - 1] ?? `Step ${n}`, 0.45),
    end: { kind: 'fail', code: 'worker_error', message: 'The model ran out of memory while drafting.' },
    honoursCancel: true,
  },
  crash_before_pickup: null,
  crash_midway: {
    pickUpAfterMs: 700,
    steps: steady(2, 1000, (n) => PHASES[n - 1] ?? `Step ${n}`, 0.4),
    end: { kind: 'vanish' },
    honoursCancel: true,
  },
  slow_heartbeating: {
    pickUpAfterMs: 700,
    // Beats twice a second: six beats inside the 3 s warning window, so a server that stalls for
    // a second or two (a loaded demo machine) still never looks silent.
    steps: steady(30, 500, (n) => `Still working: step ${n} of 30`),
    end: { kind: 'complete', result: { summary: 'Done, slowly but surely.' } },
    honoursCancel: true,
  },
  ignores_cancel: {
    pickUpAfterMs: 700,
    steps: steady(40, 1000, (n) => `Busy, not listening: step ${n} of 40`),
    end: { kind: 'complete', result: { summary: 'Finished, having ignored every request.' } },
    honoursCancel: false,
  },
};
