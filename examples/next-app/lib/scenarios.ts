/**
 * What the simulated worker does with a task, picked by the user at submit (`payload.scenario`).
 * A retry (a new row with `retry_of`) always runs `succeeds`: the failures simulated are transient.
 * Shared by the picker on the page and by the worker on the server, so the words a user reads
 * describe exactly what the worker will do.
 */
export const SCENARIOS = [
  {
    id: 'succeeds',
    label: 'Succeeds',
    description: 'The worker picks the task up, reports progress every second and finishes after about 6 s.',
  },
  {
    id: 'fails',
    label: 'Fails with an error',
    description: 'The worker starts, then reports an error half-way. Retry it: the retry succeeds.',
  },
  {
    id: 'crash_before_pickup',
    label: 'Crashes before pick-up',
    description:
      'No worker ever claims the task. The card warns after 3 s; the reaper fails it after 8 s (pending_timeout). A retry succeeds.',
  },
  {
    id: 'crash_midway',
    label: 'Crashes half-way',
    description:
      'The worker starts, then dies without a word: heartbeats stop. The card warns 3 s after the last heartbeat; the reaper fails it 8 s after the last heartbeat (heartbeat_timeout), about 11 s after you pressed. A retry succeeds.',
  },
  {
    id: 'slow_heartbeating',
    label: 'Slow but alive',
    description: 'Takes about 15 s but beats twice a second. It is never flagged as stuck: slow is not dead.',
  },
  {
    id: 'ignores_cancel',
    label: 'Ignores cancellation',
    description:
      'Runs for 40 s and ignores a cancel request. The reaper cancels it 5 s after you asked (cancel_timeout).',
  },
] as const;

export type ScenarioId = (typeof SCENARIOS)[number]['id'];

/** What the simulated worker does with a retry, whatever the original's scenario was. */
export const RETRY_DESCRIPTION = 'A retry always runs the succeeding script: the failure simulated was transient.';

export const DEFAULT_SCENARIO: ScenarioId = 'succeeds';

export function isScenarioId(value: unknown): value is ScenarioId {
  return SCENARIOS.some((scenario) => scenario.id === value);
}

/**
 * The scenario the worker actually runs for a task: a retry (a row with `retry_of`, whose payload
 * still names the original's scenario) and an unknown scenario both run `succeeds`. The worker and
 * every label on the pages use this one rule, so a retry of "Fails with an error" is never shown
 * under that name while it succeeds.
 */
export function scenarioRun(payload: unknown, isRetry: boolean): ScenarioId {
  const scenario = (payload as { scenario?: unknown } | null | undefined)?.scenario;
  return isRetry || !isScenarioId(scenario) ? DEFAULT_SCENARIO : scenario;
}

/** The label a task's scenario is shown under: "Succeeds (retry)" for a retry. */
export function taskScenarioLabel(task: { payload?: unknown; retry_of?: string | null } | undefined | null): string | null {
  if (!task) return null;
  const isRetry = !!task.retry_of;
  const label = SCENARIOS.find((s) => s.id === scenarioRun(task.payload, isRetry))!.label;
  return isRetry ? `${label} (retry)` : label;
}

/** The payload the demo submits. */
export interface DemoPayload {
  scenario: ScenarioId;
  prompt?: string;
}
