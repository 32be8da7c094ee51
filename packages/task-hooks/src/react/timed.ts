import { TaskError } from '../core/errors';

/**
 * How long a read may take before it counts as a network failure: one that never answers (a
 * stalled server, a half-open connection) would otherwise hold its ids for good, every poll and
 * verify joining it, with `connection` never saying so; keep health from ever being judged (the
 * clock, the thresholds); or leave `useActiveTask` and `useTaskEvents` loading for good.
 */
const READ_TIMEOUT_MS = 20_000;

/**
 * One read (or action) of the source given READ_TIMEOUT_MS to answer; then `abort` aborts it and
 * it fails as a `network` error.
 */
export const timed = <T>(read: (signal: AbortSignal) => Promise<T>, abort = new AbortController()): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    read(abort.signal),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new TaskError('network', 'network: timed out'));
      }, READ_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
};

/**
 * `timed` for a query's read: the query's `signal` (TanStack aborts it when the query is
 * cancelled, e.g. its last observer unmounted) aborts the read too. Its own function, so that the
 * bundles of the hooks that do not use it do not carry it.
 */
export const timedQuery = <T>(read: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> => {
  const abort = new AbortController();
  signal.addEventListener('abort', () => abort.abort());
  return timed(read, abort);
};
