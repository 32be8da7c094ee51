import type { DisplayState, HealthReason } from './types';

/** The reaper's error codes the components explain in words. */
export type ReaperCode = 'pending_timeout' | 'heartbeat_timeout' | 'max_runtime' | 'cancel_timeout';

/**
 * Every string the components render. Pass a partial object to `messages` (a prop on every
 * component) or to `TaskMessagesProvider`; nested groups (`states`, `reasons`, …) merge key by key.
 * Functions receive values already formatted for `locale`.
 */
export interface TaskMessages {
  /** BCP 47 locale for numbers, durations and dates. @default 'en' */
  locale: string;
  /** Badge labels, one per display state. */
  states: Record<DisplayState, string>;
  /** Badge suffix for a slow or stuck active task. */
  health: { slow: string; stuck: string };
  /** Card heading from the task type (`image_generation` → `Image generation`). */
  title: (type: string | null) => string;
  /**
   * The progress bar's name. A `TaskCard`'s own bar follows the card's heading ("Image generation
   * Progress"), so the bars of a list of cards can be told apart; a `TaskProgress` placed in the
   * card's `children` is outside that and is named by this label alone.
   */
  progressLabel: string;
  /**
   * The progress bar's text alternative (aria-valuetext). `percent` is "45%", `waitingForWorker`
   * for a task no worker has picked up yet, or null when the worker reports no usable progress.
   */
  progressText: (parts: { percent: string | null; message: string | null; elapsed: string | null }) => string;
  /** Shown instead of a percent while the task is pending: nothing is being worked on yet. */
  waitingForWorker: string;
  /** Elapsed time of a pending task, e.g. "Submitted 3 minutes ago". */
  submittedAgo: (ago: string) => string;
  /** Elapsed time of a running task, e.g. "Started 3 minutes ago". */
  startedAgo: (ago: string) => string;
  /** Duration of a finished task, e.g. "Took 2 minutes". */
  took: (duration: string) => string;
  /** Warning headings. */
  warningTitle: { slow: string; stuck: string; reaped: string };
  /** What the client sees, per health reason. */
  reasons: Record<HealthReason, string>;
  /**
   * What the server did, per reaper code: a failed task's warning. `cancel_timeout`'s follows
   * `cancelledByUser` on a cancelled card: the worker did not answer the user's cancel.
   */
  verdicts: Record<ReaperCode, string>;
  cancel: string;
  cancelPending: string;
  retry: string;
  retryPending: string;
  support: string;
  failedTitle: string;
  /** Shown when a failure carries no message. */
  errorFallback: string;
  errorCode: (code: string) => string;
  resultLabel: string;
  loading: string;
  notFound: string;
  unknownStatus: (raw: string) => string;
  offline: string;
  /** The first fetch failed: there is no row to show. */
  loadError: (message: string) => string;
  /** A fetch or an action failed; the card still shows the last known row. */
  fetchError: (message: string) => string;
  cancelledByUser: string;
  /** The live region's sentence for a state change. */
  announce: (title: string, state: string) => string;
  timelineLabel: string;
  /** The trail has not been read yet (`events` undefined); replaces `timelineEmpty`. */
  timelineLoading: string;
  timelineEmpty: string;
  /** The trail could not be read (the timeline's `error`); replaces `timelineEmpty`. */
  timelineLoadError: string;
  /** The timeline's button that reads the trail again (`onReload`). */
  timelineReload: string;
  unknownTime: string;
  /** Timeline wording per event kind; unknown kinds are shown as they come. */
  eventKinds: Record<string, string>;
  /** Who did it, per actor (`by you` …); unknown actors are shown as they come. */
  actors: Record<string, string>;
  /**
   * Words before another task's id, per event kind: a `retried` event names the new task
   * ("Retried by you as 3f2a1b2c…"), a retry's `submitted` event the task it retries.
   */
  eventTaskRef: Record<string, string>;
}

function humanizeType(type: string | null): string {
  // A missing type and one of only separators ("__") both fall back to "Task". A type that is not
  // a string (a number from some other backend) is shown as its text: .replace on it threw and
  // took the whole page down with it.
  const words = `${type || ''}`.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Task';
}

/** English defaults. */
export const defaultMessages: TaskMessages = {
  locale: 'en',
  states: {
    loading: 'Loading',
    pending: 'Queued',
    processing: 'Running',
    cancelling: 'Cancelling',
    completed: 'Completed',
    failed: 'Failed',
    cancelled: 'Cancelled',
    not_found: 'Not found',
    unknown: 'Unknown',
    error: 'Unavailable',
  },
  health: { slow: 'slow', stuck: 'stuck' },
  title: humanizeType,
  progressLabel: 'Progress',
  progressText: ({ percent, message, elapsed }) =>
    [percent ?? 'In progress', message, elapsed].filter(Boolean).join(', '),
  waitingForWorker: 'Waiting for a worker',
  submittedAgo: (ago) => `Submitted ${ago}`,
  startedAgo: (ago) => `Started ${ago}`,
  took: (duration) => `Took ${duration}`,
  warningTitle: {
    slow: 'This is taking longer than usual',
    stuck: 'This task seems stuck',
    reaped: 'The server stopped this task',
  },
  reasons: {
    not_picked_up: 'No worker has picked it up yet.',
    no_heartbeat: 'The worker stopped reporting progress.',
    running_too_long: 'It has been running far longer than usual.',
    cancel_not_acknowledged: 'The worker has not acknowledged the cancellation yet.',
  },
  verdicts: {
    pending_timeout: 'No worker picked it up in time, so it was marked failed.',
    heartbeat_timeout: 'The worker stopped reporting progress, so it was marked failed.',
    max_runtime: 'It ran longer than allowed, so it was marked failed.',
    cancel_timeout: 'The worker did not respond, so the server carried out the cancellation.',
  },
  cancel: 'Cancel',
  cancelPending: 'Cancelling…',
  retry: 'Retry',
  retryPending: 'Retrying…',
  support: 'Contact support',
  failedTitle: 'It failed',
  errorFallback: 'No reason was given.',
  errorCode: (code) => `Code: ${code}`,
  resultLabel: 'Result',
  loading: 'Loading task…',
  notFound: 'This task does not exist, or you cannot see it.',
  unknownStatus: (raw) => `The task reports a status this page does not know (“${raw}”).`,
  // Said both when the device is offline and when the server cannot be reached: the hooks report
  // one `offline` connection for the two.
  offline: 'No connection to the server. This is the last known state.',
  loadError: (message) => `Could not load the task: ${message}`,
  fetchError: (message) => `The last request failed: ${message}`,
  cancelledByUser: 'You cancelled this task.',
  announce: (title, state) => `${title}: ${state}`,
  timelineLabel: 'Task history',
  timelineLoading: 'Loading history…',
  timelineEmpty: 'No events yet.',
  timelineLoadError: 'The history could not be loaded.',
  timelineReload: 'Try again',
  unknownTime: 'unknown time',
  eventKinds: {
    submitted: 'Submitted',
    claimed: 'Picked up', // followed by the actor: "by the worker"
    cancel_requested: 'Cancellation requested',
    completed: 'Completed',
    failed: 'Failed',
    cancelled: 'Cancelled',
    retried: 'Retried',
  },
  actors: { user: 'by you', worker: 'by the worker', reaper: 'by the server', system: 'by the system' },
  eventTaskRef: { retried: 'as', submitted: 'as a retry of' },
};

/** Messages with every nested group optional too. */
export type PartialTaskMessages = { [K in keyof TaskMessages]?: TaskMessages[K] extends (...args: never[]) => unknown
  ? TaskMessages[K]
  : TaskMessages[K] extends object
    ? Partial<TaskMessages[K]>
    : TaskMessages[K] };

/**
 * Merges overrides into a base, the nested groups key by key. An undefined string (a key a
 * translation table lacks) keeps the base's, inside a group as at the top: spread into the group,
 * it replaced the default and rendered as "undefined" or an empty heading.
 * @example mergeMessages(defaultMessages, { retry: 'Erneut versuchen', states: { processing: 'Läuft' } })
 */
export function mergeMessages(base: TaskMessages, ...overrides: Array<PartialTaskMessages | undefined>): TaskMessages {
  const merged: Record<string, unknown> = { ...base };
  for (const override of overrides) {
    for (const [key, value] of Object.entries(override ?? {})) {
      const current = merged[key];
      // A group merges as a whole message set does (the groups hold strings only, so this recurses
      // once). A group given as null keeps the one below it (null has no entries).
      if (value !== undefined) {
        merged[key] = typeof value === 'object' && typeof current === 'object'
          ? mergeMessages(current as TaskMessages, value as PartialTaskMessages)
          : value;
      }
    }
  }
  return merged as unknown as TaskMessages;
}
