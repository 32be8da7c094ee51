import type { ClockOffset } from '../core/clock';
import { isTaskError } from '../core/errors';
import { backoffDelay, type PollPolicy } from '../core/poll-policy';
import type { ThresholdsByType } from '../core/thresholds';
import type { TaskSource } from '../sources/source';
import { timed } from './timed';
import type { ClientSnapshot } from './task-client';
import type { Counter } from './timers';

/** The snapshot's `sourceThresholds` until the source's are loaded (one object, so it never looks new). */
const NO_THRESHOLDS: ThresholdsByType = {};

/**
 * What `createServerFacts` hands back. A tuple, not an object: destructured, its parts minify to
 * one letter each, where an object's method names would stay in the bundle (the README quick start
 * counts every byte).
 */
export type ServerFacts = [
  /** Samples the server clock `samples` times (see `TaskClient.measureClock`). */
  measureClock: (samples?: number) => Promise<void>,
  /**
   * Reads again what is missing or old: at start, and (`afterRead`) after a task read succeeded or
   * a timed retry. The thresholds once a safety interval has passed since they were last read.
   */
  fillIn: (afterRead?: boolean) => void,
  /**
   * The snapshot's fields these facts make: `clockReady`, the clock's offset, and the source's
   * thresholds (an empty object, always the same one, until they load).
   */
  snapshotFields: () => Pick<ClientSnapshot, 'clockReady' | 'offsetMs' | 'sourceThresholds'>,
  /** Drops the timed retry: the client calls it when the last watcher leaves (no timer outlives them). */
  stopRetry: () => void,
  /** Has the thresholds read again after the next task read, however recently they were read. */
  expire: () => void,
];

/**
 * What health is judged with besides the row, both read from the source: the server clock (its
 * samples go into `clock`) and the per-type thresholds. Health waits for both, so they are read at
 * start and again after a passing failure; `emit` is called whenever either may have changed.
 * The thresholds are read again after a task read once `policy.safetyIntervalMs` has passed since
 * the last read of them (see `fillIn`), and after `expire`: an operator may change `task_types`
 * under a page open for days, and judged on the old ones a task the server finds healthy would be
 * called stuck (its Retry refused with `illegal_state`), or a stuck one flagged late.
 * `reads` moves at every task read that lands (a sign the network is there, see `loadThresholds`);
 * `policy` and `random` give the timed retries the polls' backoff.
 * A factory of closures, like `createTaskClient`: their state stays in locals, which minify.
 */
export function createServerFacts(
  source: TaskSource,
  clock: ClockOffset,
  reads: Counter,
  emit: () => void,
  policy: PollPolicy,
  random: (() => number) | undefined,
): ServerFacts {
  let clockPromise: Promise<void> | null = null;
  /** The source's per-type thresholds once loaded (a failed load is retried, see `loadThresholds`). */
  let sourceThresholds: ThresholdsByType | undefined;
  /** The last load of them failed for a passing reason (network, server): load again after a read succeeds. */
  let retryThresholds = false;
  /** They are loaded, or failed for good or twice: health waits for it as it waits for the clock. */
  let thresholdsSettled = false;
  /**
   * Health may be judged (`clockReady`). Once true it stays so: after a jump of the local clock the
   * estimate is moved by the jump while it is measured again (see `ClockOffset.ready`), rather
   * than judging nothing.
   */
  let ready = false;
  /** Timed retries of them so far (their backoff grows with it). */
  let timedRetries = 0;
  /** The one timed retry (a new one replaces it: no second chain of retries). */
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Local time the last read of them was sent (-Infinity: none yet, or `expire`). `Math.abs` where it is
   * compared: with the local clock set back, the interval would otherwise last as long as the jump
   * (moved on, as at a wake from sleep, they are due anyway, and may well have changed).
   */
  let loadedAt = -Infinity;
  /** Reads of them sent so far, and the newest whose answer was taken: an older answer is older data. */
  let loads = 0;
  let applied = 0;
  /**
   * From the client's start to `stopRetry`: a read still out when the last watcher left must not
   * set a new timer when it fails, or the retries would go on after unmount.
   */
  let live = false;

  const measureClock = (samples = 3): Promise<void> =>
    (clockPromise ??= (async () => {
      try {
        for (let i = 0; i < samples; i += 1) await clock.measure(() => timed((signal) => source.serverTime(signal)));
      } catch {
        // No sample this time: health stays "ok" rather than guessing; the next fetch retries.
      } finally {
        clockPromise = null;
        emit();
      }
    })());

  const loadThresholds = async (): Promise<void> => {
    const retrying = retryThresholds;
    const readsBefore = reads.get();
    retryThresholds = false;
    loadedAt = Date.now();
    const load = (loads += 1);
    try {
      const loaded = await timed((signal) => source.fetchThresholds(signal));
      if (load < applied) return;
      applied = load;
      retryThresholds = false; // a newer read that failed meanwhile asked for a retry: this answers it
      // The same again keeps the same object: a new one would render every watching hook.
      if (JSON.stringify(loaded) !== JSON.stringify(sourceThresholds)) sourceThresholds = loaded;
    } catch (error) {
      // Overtaken, a failure leaves it to the newer read.
      if (load !== loads) return;
      // A network blip or a server error at page load is retried after the next read that
      // succeeds, and on a timer once health is judged without them (below): waiting for the next
      // start could judge a type allowed hours on the seed defaults for the whole session, a false
      // "stuck". Any other failure is retried at the next start. Once loaded, they stand, and the
      // interval reads them again (`fillIn`): a retry after every task read would be a storm.
      retryThresholds = !sourceThresholds && isTaskError(error) && error.retryable;
    }
    // A task read came in while this one was out (the network is there): again now, not after the
    // next read, which may be a safety poll away with realtime.
    if (live && retryThresholds && !retrying && reads.get() > readsBefore) return loadThresholds();
    // Health waits for that retry too: judged meanwhile, a task of a type allowed hours but past
    // the seed's minutes would be called stuck (and `onStuck` run) until the thresholds land. A
    // second failure, and the defaults (with the app's overrides) stand.
    thresholdsSettled ||= !retryThresholds || retrying;
    // Judged on the defaults now, a type allowed longer is called stuck until they load: read them
    // again after the polls' backoff, not at the next task read, which may be a 30 s safety poll or
    // a long poll interval away. Only while a task is watched (`stopRetry`); a load that a task
    // read started meanwhile, or one that succeeded, leaves nothing for this one to do.
    if (live && retryThresholds && thresholdsSettled) {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(loadThresholds, backoffDelay((timedRetries += 1), policy, random));
    }
    emit();
  };

  const fillIn = (afterRead?: boolean) => {
    live ||= !afterRead; // the client's start
    if (!clock.ready) void measureClock();
    // After a read rather than on a timer of their own: a read is the sign that something is
    // watched and the network is there, and the tab coming back (focus, `online`) reads every task.
    // Until health is judged (the start's retry); after that the timer and the interval do it.
    if ((afterRead && retryThresholds && !thresholdsSettled) || !(Math.abs(Date.now() - loadedAt) < policy.safetyIntervalMs)) void loadThresholds();
  };

  return [
    measureClock,
    fillIn,
    () => ({
      // Not before the type's thresholds are known either: judged on the seed defaults meanwhile,
      // a task of a type allowed longer would flash "stuck" (and call onStuck) until they land.
      clockReady: (ready ||= clock.ready && thresholdsSettled),
      offsetMs: clock.offsetMs,
      sourceThresholds: sourceThresholds ?? NO_THRESHOLDS,
    }),
    () => {
      live = false;
      clearTimeout(retryTimer);
    },
    () => void (loadedAt = -Infinity),
  ];
}
