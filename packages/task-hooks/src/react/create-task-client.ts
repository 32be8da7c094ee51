import type { QueryClient } from '@tanstack/react-query';
import { createClockOffset } from '../core/clock';
import { isTaskError, type TaskError } from '../core/errors';
import { taskKeys } from '../core/keys';
import { backoffDelay, isPollable } from '../core/poll-policy';
import type { TaskRow } from '../core/types';
import type { ConnectionState, TaskSource } from '../sources/source';
import { createBatcher } from './batcher';
import { isInterval, resolvePolicy, withTimerDefaults } from './client-options';
import { createReadTracking } from './read-tracking';
import { focusManager, onlineManager } from './peers';
import { isWantedTask } from './row-query';
import { createServerFacts } from './server-facts';
import { createAlarm, createCounter, createTicker, delayUntil } from './timers';
import { timed } from './timed';
import { warnOnMissedEvents, type WatchedReads } from './missed-events';
import type { ClientSnapshot, TaskClient, TaskClientOptions, WatchRequest } from './task-client';

/**
 * Makes the `TaskClient` of a source and a `QueryClient` (`TaskProvider` does). Its state lives in
 * closures, not in a class: local variables minify to one letter, a class's members do not.
 * What health is judged with besides the rows (the server clock, the source's thresholds) is read
 * by server-facts.ts; what each cached row rests on (a read of ours, or a row from elsewhere to
 * confirm) is tracked by read-tracking.ts; options it cannot keep fall back in client-options.ts.
 * @example
 * const client = createTaskClient(source, new QueryClient(), { policy: { baseIntervalMs: 5_000 } });
 */
export function createTaskClient(source: TaskSource, queryClient: QueryClient, options: TaskClientOptions = {}): TaskClient {
  const policy = resolvePolicy(options.policy);
  options = withTimerDefaults(options);
  // The local instants noted below (`readSent`, `answered`, `asked`, and a read's send time while
  // it is out) are kept as `stamp()`s: the local clock minus every jump seen since (see
  // `ClockOffset.onJump`), so they keep their place on the server clock. Read in the new timeline,
  // a read from a second before the clock was set back an hour would pass for one an hour ahead,
  // so a verdict would skip its fresh read and a beating task be called slow by time alone.
  // A jump also counts as coming back online (`onlineAt`): it is how a wake from sleep shows, and
  // the worker's silence through the sleep may be only ours, so health rests on the last read
  // until a window after it, or after the sample that places the sleep on the server clock.
  // Not while reads are failing: no read could confirm a verdict then, and a failing server must
  // not hide a stuck task (a verdict shows `verifyWindowMs` after its threshold unconfirmed), so
  // the hold would only take back, for a window, a verdict already shown. The jump ends any hold
  // instead: `onlineAt` is a local time, and kept it would be read in the new timeline.
  // One failure after a wake does not count as failing (`forgiven`, until a read succeeds): the
  // first read often goes out on a keep-alive socket that died in the sleep (see the batcher).
  let jumps = 0;
  const clock = createClockOffset({
    onJump(ms) {
      jumps += ms;
      if (!failures && !clock.sampleCount) forgiven = 1; // the jump itself, not the correction a later sample makes
      onlineAt = failures > forgiven ? null : failures ? onlineAt : Date.now(); // a forgiven failure keeps the hold it set
      // Into the snapshot now, not after the last of the clock's samples: a render between them
      // would judge the row from before the sleep on the corrected clock, with no hold.
      // (A microtask: this runs inside `clock.ready`, which `emit` itself reads.)
      queueMicrotask(emit);
    },
  });
  const stamp = () => Date.now() - jumps;
  // Reads and the push channel go through `sourceReads`: in development it also tells the developer when a
  // live channel does not announce changes (see missed-events.ts); production builds drop it.
  const sourceReads: WatchedReads = process.env.NODE_ENV === 'production' ? source : warnOnMissedEvents(source);
  /** Moves at every new snapshot: `subscribe` is its listeners. */
  const changes = createCounter();
  /** Who watches which id, with what interval (the facts the poll scheduler plans from). */
  const watchers = new Map<string, Set<WatchRequest>>();
  /** When each watched id was last fetched. */
  const fetchedAt = new Map<string, number>();
  /** Ids newly watched, read together at the next plan (see `watch`, `reschedule`). */
  const fresh = new Set<string>();
  /** Ids whose verdict waits for a fresh read, read together at the next plan (see `verify`). */
  const verifying = new Set<string>();
  /** Ids hinted while their fetch was in flight: fetched once more when it settles (see `refetch`). */
  const refetchAfterFlight = new Set<string>();
  /**
   * Send time (a `stamp`) of the read that each cached row rests on (none when hydrated; a row set
   * by hand rests on the read before it). Kept while the row is cached, watched or not (a hook
   * mounted over it again judges from it); dropped with it (see `cacheListener`, and `start` for a
   * row collected while nothing was watched).
   */
  const readSent = new Map<string, number>();
  /** Send time of the last answered batch that carried each id, until its row reaches the cache. */
  const answered = new Map<string, number>();
  /** When a read of each id was last asked for: it is sent at or after this (see `verify`). */
  const asked = new Map<string, number>();
  /** Moves whenever a read's row reaches the cache (hooks whose verdict waits for one listen). */
  const reads = createCounter();
  let failures = 0;
  /** Failures that still leave reads counted as working: 1 from a wake with reads working until a read succeeds (see `onJump`). */
  let forgiven = 0;
  /** Stamp of the forgiven failure: a read sent before it failing too is the same dead connection. */
  let forgivenAt = -Infinity;
  /** Batched reads out now (see the hints in `openChannel`). */
  let reading = 0;
  let backoffUntil = 0;
  let networkDown = false;
  let channel: ConnectionState | null = null;
  let closeChannel: (() => void) | null = null;
  let stopListening: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Bounds how long a deferred hint waits for the read out to settle (see `openChannel`). */
  let hintTimer: ReturnType<typeof setTimeout> | undefined;
  let rescheduleQueued = false;
  /** When the device last came back online, or the local clock last jumped (null: neither yet). */
  let onlineAt: number | null = null;

  // ---- external store ----

  const emit = () => {
    const next: ClientSnapshot = {
      connection: networkDown || !onlineManager.isOnline() ? 'offline' : channel ?? 'polling',
      ...snapshotFields(),
      // On the server clock (see `ClientSnapshot.resumedAt`).
      resumedAt: !onlineManager.isOnline() ? Infinity : onlineAt === null ? null : clock.serverNow(onlineAt),
    };
    if ((Object.keys(next) as Array<keyof ClientSnapshot>).every((key) => next[key] === snapshot[key])) return;
    snapshot = next;
    changes.bump();
  };

  // After `emit` and before the first snapshot, which takes its server fields from these.
  const [measureClock, fillIn, snapshotFields, stopRetry, expire] = createServerFacts(source, clock, reads, emit, policy, options.random);
  let snapshot: ClientSnapshot = { connection: 'polling', ...snapshotFields(), resumedAt: null };

  // ---- loading ----

  const batcher = createBatcher(
    async (ids) => {
      // A jump is noticed before the read is stamped and can fail: on waking, a read the visibility
      // event sends before any render looked at the clock would otherwise count as failing before the wake.
      void clock.ready;
      const sentAt = stamp();
      reading += 1;
      try {
        const fetched = await timed((signal) => sourceReads.fetchTasks(ids, signal));
        const now = Date.now();
        // Watched ids only: one released while this read was out was forgotten (see `watch`), and
        // noted again it would stay for good and pass for known when watched again (no fresh read).
        ids.forEach((id) => {
          if (watchers.has(id)) {
            fetchedAt.set(id, now);
            answered.set(id, sentAt);
          }
        });
        failures = forgiven = 0;
        networkDown = false;
        emit();
        fillIn(true);
        return fetched;
      } catch (error) {
        void clock.ready; // a jump since the send counts before this failure does
        // A read sent before the forgiven failure (another 100-id chunk) failing too is the same
        // dead connection, not a second failure.
        if (!(forgiven && failures === forgiven && sentAt <= forgivenAt)) {
          failures += 1;
          // Not sooner than a server that said when to come back (Retry-After), within the cap, and
          // spread evenly up to half as long again, never past the cap (a wait past the cap from two
          // thirds of it), or every tab it refused would come back in the same millisecond. A wait
          // equal to the cap cannot be spread, and is waited in full.
          const asked = (error as TaskError | undefined)?.details?.retryAfterMs || 0;
          const lo = asked > policy.maxBackoffMs ? policy.maxBackoffMs / 1.5 : asked;
          const askedMs = lo + (options.random ?? Math.random)() * (Math.min(lo * 1.5, policy.maxBackoffMs) - lo);
          backoffUntil = Date.now() + Math.max(askedMs, backoffDelay(failures, policy, options.random));
          // The first failure after a wake, while its hold lasts: read again at once (a new socket)
          // and hold a window from now, so the verdict rests on that read, not on the row from before
          // the sleep judged on the corrected clock. Once only: a second failure, or no answer within
          // the window, and the verdict shows unconfirmed (a failing server hides no stuck task).
          // Not when the server said when to come back: its answer shows the socket is alive.
          if (!asked && failures <= forgiven && onlineAt !== null && Date.now() < onlineAt + options.verifyWindowMs!) {
            onlineAt = backoffUntil = Date.now();
            forgivenAt = stamp();
          }
        }
        networkDown = isTaskError(error) && error.code === 'network';
        emit();
        throw error;
      } finally {
        reading -= 1;
        // Fetch again the ids hinted while this batch was in flight, a macrotask later, when the
        // settled batch has reached every query and they are idle again.
        if (refetchAfterFlight.size > 0) setTimeout(flushDeferred, 0);
      }
    },
    options.batchWindowMs,
  );

  /** Fetches the deferred ids; those whose own read is still in flight `refetch` defers again. */
  const flushDeferred = () => {
    clearTimeout(hintTimer);
    hintTimer = undefined;
    const again = [...refetchAfterFlight];
    refetchAfterFlight.clear();
    void refetch(again);
  };

  /** See `TaskClient.load`: one batched read, and a note that it was asked for now. */
  const load = (id: string) => {
    if (watchers.has(id)) asked.set(id, stamp());
    return batcher.load(id);
  };

  /** See `TaskClient.verify`. */
  const verify = (id: string, since: number) => {
    const last = asked.get(id);
    // Such a read is queued, in flight or in (sent no earlier on the server clock than this).
    if (last !== undefined && clock.serverNow(last + jumps) - clock.errorMarginMs >= since) return;
    asked.set(id, stamp()); // refetched in a microtask, or once the read in flight settles
    verifying.add(id);
    reschedule();
  };

  /** The cached row: TanStack's cache is the one copy (undefined while loading, null when missing). */
  const rowOf = (id: string) => queryClient.getQueryData<TaskRow | null>(taskKeys.task(id));
  /** Missing rows (null) and terminal ones are not polled; loading ones (undefined) are. */
  const isTerminal = (id: string) => {
    const row = rowOf(id);
    return !!row && !isPollable(row.status);
  };
  const pollableIds = () => [...watchers.keys()].filter((id) => rowOf(id) !== null && !isTerminal(id));

  /** See `TaskClient.refetch`. */
  const refetch = (ids: Iterable<string> | 'all'): Promise<void> => {
    const wanted = new Set(ids === 'all' ? [...watchers.keys()].filter((id) => !isTerminal(id)) : ids);
    const inFlight = queryClient.getQueryCache().findAll({ fetchStatus: 'fetching', predicate: isWantedTask(wanted) });
    for (const query of inFlight) {
      const id = query.queryKey[2] as string;
      if (batcher.gathers(id)) continue; // not sent yet: joining it reads the row after this
      wanted.delete(id);
      refetchAfterFlight.add(id);
    }
    return fetchNow(wanted);
  };

  // ---- watching ----

  const watch = (id: string, request: WatchRequest) => {
    const requests = watchers.get(id) ?? new Set();
    // Not when the id was released in this same tick (its last fetch is still known, see the
    // unwatch below): a list's effect re-watches every id when one is added or the order changes.
    const newlyWatched = requests.size === 0 && !fetchedAt.has(id);
    watchers.set(id, requests.add(request));
    start();
    if (request.realtime) openChannel();
    // A newly watched id is read now, as a mount reads it: after a retarget or a re-enable its row
    // comes from the cache, which TanStack never finds stale (staleTime: Infinity), and would wait
    // for the next poll. On a mount the read is already in flight, and this joins it.
    if (newlyWatched) fresh.add(id);
    reschedule();
    return () => {
      if (!requests.delete(request)) return; // already stopped
      if (requests.size === 0) watchers.delete(id);
      // Released a microtask later: a StrictMode remount or a retarget re-watches at once and
      // keeps the channel (and what is known of the id's reads) instead of dropping it.
      queueMicrotask(() => {
        if (!watchers.has(id)) {
          for (const known of [fetchedAt, answered, asked]) known.delete(id);
          if (rowOf(id) === undefined) readSent.delete(id);
        }
        releaseIfIdle();
      });
    };
  };

  /** Attaches the shared listeners once (idempotent: a StrictMode remount finds them attached). */
  const start = () => {
    if (stopListening) return;
    // TanStack Query's managers rather than window events of our own: an app that taught them its
    // platform (React Native, a webview) taught the hooks too.
    const stops = [
      // In front again: read every watched task and re-sample the clock.
      focusManager.subscribe((visible) => {
        if (!visible) return;
        void refetch('all');
        void measureClock(1);
      }),
      // Offline shows at once; back online, the backoff is over and every watched task is read.
      onlineManager.subscribe((online) => {
        if (online) {
          failures = 0;
          onlineAt = Date.now();
        }
        emit();
        if (online) void refetch('all');
      }),
      queryClient.getQueryCache().subscribe(cacheListener),
    ];
    stopListening = () => stops.forEach((stop) => stop());
    // Rows collected while nothing was watched went without a `removed` event to the listener:
    // the reads they rested on go now, or a tab that keeps leaving its task pages would keep them all.
    for (const id of readSent.keys()) if (rowOf(id) === undefined) readSent.delete(id);
    fillIn();
    emit();
  };

  const releaseIfIdle = () => {
    if (closeChannel && !wantsPush()) {
      closeChannel();
      closeChannel = channel = null;
      emit();
    }
    if (watchers.size > 0) return reschedule();
    clearTimeout(timer);
    clearTimeout(hintTimer);
    hintTimer = undefined;
    stopRetry();
    stopListening?.();
    stopListening = null;
  };

  /** Whether a watcher still asks for the push channel (it is shared: open while one does). */
  const wantsPush = () => [...watchers.values()].some((requests) => [...requests].some((r) => r.realtime));

  const openChannel = () => {
    if (closeChannel || !sourceReads.subscribe) return;
    channel = 'connecting';
    closeChannel = sourceReads.subscribe({
      // Hints that come while a read is out wait for it and go out together when it settles: each
      // change is a message of its own, and a bulk change to hundreds of tasks would otherwise send
      // a request per task, crowding out the user's own (cancel, retry) behind them. But for 1 s at
      // most: a read that hangs until its 20 s timeout would hold back every change meanwhile.
      onHint: (ids) => {
        if (!reading || ids === 'all') return void refetch(ids);
        ids.forEach((id) => refetchAfterFlight.add(id));
        hintTimer ??= setTimeout(flushDeferred, 1_000);
      },
      onConnection: (state) => {
        const wasRealtime = channel === 'realtime';
        channel = state;
        emit();
        if (state === 'realtime' && !wasRealtime) void refetch('all');
        reschedule();
      },
    });
    emit();
  };

  // ---- scheduling ----

  /** The shortest interval its watchers ask for; the safety interval when all of them are pushed to. */
  const intervalFor = (id: string) => {
    const requests = [...(watchers.get(id) ?? [])];
    const base = Math.min(...requests.map((r) => (isInterval(r.pollIntervalMs) ? r.pollIntervalMs : policy.baseIntervalMs)));
    const pushed = channel === 'realtime' && !networkDown && requests.every((r) => r.realtime);
    return pushed ? Math.max(base, policy.safetyIntervalMs) : base;
  };

  const dueAt = (id: string) => {
    const now = Date.now();
    let last = fetchedAt.get(id);
    // None: the mount fetch is under way. Later than now: the local clock jumped back since, and
    // the poll would wait out the jump.
    if (last === undefined || last > now) {
      last = now;
      fetchedAt.set(id, last);
    }
    return last + intervalFor(id);
  };

  /** Re-plans the one poll timer soon (coalesces the many reasons to re-plan in one tick). */
  const reschedule = () => {
    if (rescheduleQueued) return;
    rescheduleQueued = true;
    queueMicrotask(() => {
      rescheduleQueued = false;
      // The ids newly watched since the last plan, in one refetch: one per id would search the
      // whole query cache for each (a history page of 2000 ids mounted in half a second more).
      void fetchNow(fresh);
      fresh.clear();
      // The same for the ids that `verify` asked for (tasks submitted together cross a threshold together).
      if (verifying.size > 0) void refetch(verifying);
      verifying.clear();
      plan();
    });
  };

  const plan = () => {
    clearTimeout(timer);
    const ids = pollableIds();
    if (ids.length === 0) return;
    const next = failures > 0 ? backoffUntil : Math.min(...ids.map((id) => dueAt(id)));
    timer = setTimeout(tick, delayUntil(next));
  };

  const tick = () => {
    const now = Date.now();
    // Ids due within half an interval join this tick, so hooks mounted at different moments
    // fall into step and share one request.
    const due = pollableIds().filter((id) => failures > 0 || dueAt(id) - intervalFor(id) / 2 <= now);
    // Not `refetch`: a poll is answered by a read already in flight (the mount read, a hinted
    // one); fetching that id once more when it lands would double every poll of a slow server.
    if (due.length > 0) void fetchNow(due);
    else plan();
  };

  // Last: it is handed `reschedule`, defined above (its parts are called only once a task is watched).
  const [fetchNow, cacheListener] = createReadTracking(queryClient, watchers, answered, readSent, reads, fetchedAt, reschedule);

  return {
    source,
    queryClient,
    options,
    clock,
    policy,
    batcher,
    ticker: createTicker(options.elapsedTickMs!),
    alarm: createAlarm(),
    getSnapshot: () => snapshot,
    subscribe: changes.subscribe,
    reads,
    readSentAt: (id) => {
      const sentAt = readSent.get(id);
      return sentAt && sentAt + jumps;
    },
    verify,
    load,
    refetch,
    watch,
    watchedIds: () => [...watchers.keys()],
    reschedule,
    measureClock,
    expireThresholds: expire,
  };
}
