// The supabase source's push channel: one Realtime channel for the signed-in user's `tasks`
// changes, treated as hints. It survives what Realtime does in the wild (see
// /work/shared/research/user-pain-points.md §1-3, 7): a refetch after every SUBSCRIBED, polling
// and a fresh channel with capped backoff after CHANNEL_ERROR / TIMED_OUT / CLOSED, a session
// refresh when the server itself refused the channel, and a check on every wake-up.
import type { RealtimeChannel, RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js';
import type { SubscribeHandlers } from '../source';
import { longestReconnectDelay, reconnectDelay, type BackoffOptions } from './backoff';
import { numberOption } from '../number-option';
import { browserIsOffline, type WakeEvents } from '../wake';

export interface RealtimeOptions {
  /** Backoff between channel attempts. @default { initialDelayMs: 1000, maxDelayMs: 30000 } */
  reconnect?: BackoffOptions;
  /** Wake-up events (tab visible, online, offline). @default browser events when present */
  wakeEvents: WakeEvents;
  /**
   * Forced session refreshes (after the server refused the channel) are at most this frequent, so a
   * server that keeps refusing cannot turn into a refresh-token storm. @default 5000
   */
  minRefreshIntervalMs?: number;
  /** Prefix of the channel topic. @default 'unstuck-tasks' */
  topicPrefix?: string;
}

type Status = 'SUBSCRIBED' | 'TIMED_OUT' | 'CLOSED' | 'CHANNEL_ERROR';

let topicCounter = 0;

/** Opens the channel; returns the function that closes it (see SharedSubscription). */
export function openTasksChannel(client: SupabaseClient, emit: SubscribeHandlers, options: RealtimeOptions): () => void {
  let generation = 0; // bumped whenever the current channel is abandoned; stale callbacks compare it
  let channel: RealtimeChannel | null = null;
  let attempt = 0;
  let subscribedAt: number | null = null; // when the current channel was SUBSCRIBED, if it was
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let lastForcedRefresh = -Infinity;
  let serverClosing = false;
  // The channel can stay joined while Realtime's replication subscription fails (a postgres_changes
  // system error, until it sends `ok` again): joined alone does not mean events can arrive.
  let replicationFailing = false;
  let stopped = false;

  const dropChannel = () => {
    generation += 1;
    const old = channel;
    channel = null;
    // removeChannel (not unsubscribe): it also forgets the topic, so a new channel is a new instance.
    if (old) void client.removeChannel(old).catch(() => undefined);
  };

  const hintFromPayload = (payload: RealtimePostgresChangesPayload<Record<string, unknown>>) => {
    const id = (payload.new as { id?: unknown } | undefined)?.id ?? (payload.old as { id?: unknown } | undefined)?.id;
    emit.onHint(typeof id === 'string' ? [id] : 'all');
  };

  const onSystem = (payload: { extension?: string; status?: string }) => {
    if (payload.extension === 'postgres_changes' && payload.status === 'ok') {
      // Replication is live only now (SUBSCRIBED can come earlier): refetch once more to close the gap.
      replicationFailing = false;
      emit.onConnection('realtime');
      emit.onHint('all');
    } else if (payload.extension === 'postgres_changes' && payload.status === 'error') {
      replicationFailing = true;
      emit.onConnection('polling'); // the server retries by itself and sends `ok` when it is back
    } else if (payload.status === 'error') {
      serverClosing = true; // a system error precedes the server closing the channel (e.g. token expired)
    }
  };

  const fail = (status: Status, error: Error | undefined, myGeneration: number) => {
    if (stopped || myGeneration !== generation) return;
    // An open socket means the server itself refused or closed the channel: most often a token it no
    // longer accepts (supabase-js #2613). We learn that from the socket state, never from message text.
    const refusedByServer = client.realtime.isConnected() && (status === 'CHANNEL_ERROR' || status === 'CLOSED' || serverClosing);
    // A join is a success only once the channel has lasted: a server that accepts and closes at once
    // would otherwise be re-joined at the first delay forever (with a session refresh each time).
    // A channel that stayed subscribed as long as the longest delay resets the backoff.
    if (subscribedAt !== null && Date.now() - subscribedAt >= longestReconnectDelay(options.reconnect)) attempt = 0;
    dropChannel();
    emit.onConnection(browserIsOffline() ? 'offline' : 'polling', error ?? new Error(`Realtime channel ${status}`));
    schedule(reconnectDelay(attempt++, options.reconnect), refusedByServer);
  };

  const schedule = (delayMs: number, refreshSession: boolean) => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      reopen(refreshSession);
    }, delayMs);
  };

  /**
   * prepareAuth, then open. A wake-up or a user change that opens a channel meanwhile (it bumps the
   * generation) supersedes this re-open: opening anyway would orphan that channel, still joined.
   */
  const reopen = (refreshSession: boolean) => {
    const myGeneration = generation;
    void prepareAuth(refreshSession).then(() => {
      if (myGeneration === generation) void open();
    });
  };

  /** Makes the next join carry a token the server accepts. Failures are swallowed: we keep polling. */
  const prepareAuth = async (forceRefresh: boolean) => {
    try {
      const now = Date.now();
      if (forceRefresh && now - lastForcedRefresh >= numberOption(options.minRefreshIntervalMs, 5000)) {
        lastForcedRefresh = now;
        await client.auth.refreshSession();
      } else {
        await client.auth.getSession(); // refreshes by itself when the stored token has expired
      }
    } catch {
      // `auth` is unavailable with a third-party `accessToken` option; the callback then owns refreshes.
    }
    await client.realtime.setAuth().catch(() => undefined);
  };

  const currentUserId = async (): Promise<string | null> => {
    try {
      const { data } = await client.auth.getSession();
      return data.session?.user?.id ?? null;
    } catch {
      return null;
    }
  };

  let channelUser: string | null | undefined; // the user the current channel filters on

  const open = async () => {
    if (stopped) return;
    const myGeneration = ++generation;
    const userId = await currentUserId();
    if (stopped || myGeneration !== generation) return;
    channelUser = userId;
    subscribedAt = null;
    serverClosing = false;
    replicationFailing = false;
    // A unique topic per attempt: client.channel(topic) returns an existing instance for a known
    // topic, and that one may still be leaving (StrictMode remount, a removal in flight).
    const topic = `${options.topicPrefix ?? 'unstuck-tasks'}:${userId ?? 'anon'}:${Date.now().toString(36)}-${++topicCounter}`;
    const filter = userId ? { filter: `user_id=eq.${userId}` } : {};
    const next = client.channel(topic);
    channel = next;
    next
      .on('postgres_changes', { event: '*', schema: 'public', table: 'tasks', ...filter }, (payload) => {
        if (myGeneration === generation) hintFromPayload(payload);
      })
      .on('system', {}, (payload: { extension?: string; status?: string }) => {
        if (myGeneration === generation) onSystem(payload);
      })
      .subscribe((status, error) => {
        if (stopped || myGeneration !== generation) return;
        if (status === 'SUBSCRIBED') {
          subscribedAt = Date.now();
          emit.onConnection('realtime');
          emit.onHint('all'); // anything that changed while we were not listening
        } else {
          fail(status as Status, error, myGeneration);
        }
      });
  };

  const stopWake = options.wakeEvents({
    onWake: () => {
      if (stopped) return;
      emit.onHint('all');
      if (channel?.state === 'joined') {
        // e.g. back from `offline` with the channel intact; still polling while replication fails
        emit.onConnection(replicationFailing ? 'polling' : 'realtime');
        return;
      }
      if (channel?.state === 'joining') return;
      // Not joined (asleep through a drop, or waiting out a backoff): try again now.
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      dropChannel();
      reopen(false);
    },
    onOffline: () => {
      if (!stopped) emit.onConnection('offline');
    },
  });

  // Another user signed in (or out) on this client: the filter names the old one, so start over.
  const stopAuthWatch = watchUser(client, (userId) => {
    if (stopped || channelUser === undefined || userId === channelUser) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    dropChannel();
    emit.onConnection('connecting');
    void open();
  });

  void open();

  return () => {
    stopped = true;
    stopAuthWatch();
    stopWake();
    if (retryTimer) clearTimeout(retryTimer);
    dropChannel();
  };
}

/** Calls `onUser` with the signed-in user's id (or null) after every auth change; returns the stop function. */
function watchUser(client: SupabaseClient, onUser: (userId: string | null) => void): () => void {
  try {
    const { data } = client.auth.onAuthStateChange((_event, session) => {
      // Deferred: supabase-js runs this callback under its auth lock, and open() reads the session.
      setTimeout(() => onUser(session?.user?.id ?? null), 0);
    });
    return () => data.subscription.unsubscribe();
  } catch {
    return () => undefined; // `auth` is unavailable with a third-party `accessToken` option
  }
}
