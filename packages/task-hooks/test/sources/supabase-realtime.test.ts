// The supabase source's Realtime channel against the stand-in: hints, sharing, and recovery from
// every fault the stand-in can inject. Each fault test ends with a watcher that refetches only on
// hints holding the database's final row, and the connection going polling → realtime.
import { postgresAvailable } from '@unstuck/supabase-example';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSource } from '../../src/sources/source';
import { createSupabaseSource, type WakeHandlers } from '../../src/sources/supabase';
import { recorder, waitFor } from './helpers/recorder';
import { startSupabaseFixture, type SupabaseFixture } from './helpers/supabase-fixture';
import { watchTask, type Watcher } from './helpers/watcher';

const pgUp = await postgresAvailable();
if (!pgUp && process.env.UNSTUCK_REQUIRE_POSTGRES === '1') throw new Error('PostgreSQL is required (UNSTUCK_REQUIRE_POSTGRES=1) but unreachable');
if (!pgUp) console.log('supabase realtime tests skipped: PostgreSQL at 127.0.0.1:5432 is unreachable');

describe.skipIf(!pgUp)('supabase source: realtime', () => {
  let fx: SupabaseFixture;
  const cleanups: Array<() => void> = [];

  beforeAll(async () => {
    fx = await startSupabaseFixture('hooks_src_realtime');
  });
  afterEach(() => {
    cleanups.splice(0).forEach((cleanup) => cleanup());
    fx.standin.delayJoin(0);
    fx.standin.suppressEvents(false);
  });
  afterAll(async () => fx?.close());

  async function userSource(): Promise<{ source: TaskSource; client: SupabaseClient; wake: () => WakeHandlers }> {
    const { client } = await fx.signedIn();
    let handlers: WakeHandlers | undefined;
    const source = createSupabaseSource(client, {
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      minRefreshIntervalMs: 0,
      wakeEvents: (h) => {
        handlers = h;
        return () => {
          handlers = undefined;
        };
      },
    });
    return { source, client, wake: () => handlers! };
  }

  function watch(source: TaskSource, id: string): Watcher {
    const watcher = watchTask(source, id);
    cleanups.push(watcher.stop);
    return watcher;
  }

  const lastState = (w: Watcher) => w.rec.states.at(-1);
  const realtimeAgain = (w: Watcher, from: number) => w.rec.states.slice(from).includes('polling') && lastState(w) === 'realtime';

  async function finish(taskId: string): Promise<void> {
    const { attempt } = await fx.worker.claim(taskId);
    await fx.worker.complete(taskId, attempt, { done: true });
  }

  it('joins once, refetches everything on SUBSCRIBED, then hints at each change of the user’s own task', async () => {
    const { source } = await userSource();
    const { task } = await source.submit('report', {});
    const w = watch(source, task.id);
    await waitFor('realtime', () => lastState(w) === 'realtime');
    expect(w.rec.states[0]).toBe('connecting');
    expect(w.rec.hints).toContainEqual('all');
    const { attempt } = await fx.worker.claim(task.id);
    await waitFor('hint for the claim', () => w.rec.hints.some((h) => h !== 'all' && h.includes(task.id)));
    await waitFor('processing row', () => w.row?.status === 'processing');
    await fx.worker.complete(task.id, attempt);
    await waitFor('completed row', () => w.row?.status === 'completed');
  });

  it("never hints at another user's task (RLS and the user filter)", async () => {
    const alice = await userSource();
    const bob = await userSource();
    const rec = recorder();
    cleanups.push(alice.source.subscribe!(rec));
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    const { task: bobs } = await bob.source.submit('report', {});
    const { task: alices } = await alice.source.submit('report', {});
    await waitFor('hint for own task', () => rec.hints.some((h) => h !== 'all' && h.includes(alices.id)));
    expect(rec.hints.some((h) => h !== 'all' && h.includes(bobs.id))).toBe(false);
  });

  it('shares one channel between subscribers and removes it after the last one leaves', async () => {
    const { source, client } = await userSource();
    const joinsBefore = fx.standin.stats.joins;
    const first = recorder();
    const second = recorder();
    const stopFirst = source.subscribe!(first);
    await waitFor('realtime', () => first.states.at(-1) === 'realtime');
    const stopSecond = source.subscribe!(second);
    expect(second.states).toEqual(['realtime']);
    expect(client.getChannels()).toHaveLength(1);
    expect(fx.standin.stats.joins - joinsBefore).toBe(1);
    stopFirst();
    expect(client.getChannels()).toHaveLength(1);
    stopSecond();
    await waitFor('channel removed', () => client.getChannels().length === 0);
  });

  it('survives a StrictMode mount → unmount → mount with exactly one live channel', async () => {
    const { source, client } = await userSource();
    const first = recorder();
    source.subscribe!(first)();
    const second = recorder();
    cleanups.push(source.subscribe!(second));
    await waitFor('realtime', () => second.states.at(-1) === 'realtime');
    await waitFor('one channel', () => client.getChannels().length === 1);
    expect(client.getChannels()[0]?.state).toBe('joined');
    const { task } = await source.submit('report', {});
    await waitFor('hint after remount', () => second.hints.some((h) => h !== 'all' && h.includes(task.id)));
  });

  it('recovers from a dropped socket and catches up on what changed while it was down', async () => {
    const { source } = await userSource();
    const { task } = await source.submit('report', {});
    const w = watch(source, task.id);
    await waitFor('realtime', () => lastState(w) === 'realtime');
    const mark = w.rec.states.length;
    fx.standin.dropSocket();
    await waitFor('polling', () => w.rec.states.slice(mark).includes('polling'));
    await finish(task.id);
    await waitFor('realtime again', () => realtimeAgain(w, mark));
    await waitFor('completed row', () => w.row?.status === 'completed');
  });

  it('recovers from CHANNEL_ERROR, refreshing the session because the server refused the join', async () => {
    const { source } = await userSource();
    const refreshesBefore = fx.standin.stats.refreshes;
    fx.standin.failNextJoin('CHANNEL_ERROR');
    const { task } = await source.submit('report', {});
    const w = watch(source, task.id);
    await waitFor('realtime after error', () => realtimeAgain(w, 0));
    expect(fx.standin.stats.refreshes).toBeGreaterThan(refreshesBefore);
    await finish(task.id);
    await waitFor('completed row', () => w.row?.status === 'completed');
  });

  it('still refreshes the session after a refused join when minRefreshIntervalMs is NaN (an unset environment variable)', async () => {
    const { client } = await fx.signedIn();
    const source = createSupabaseSource(client, { reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, minRefreshIntervalMs: Number(undefined), wakeEvents: () => () => undefined });
    const refreshesBefore = fx.standin.stats.refreshes;
    fx.standin.failNextJoin('CHANNEL_ERROR');
    const rec = recorder();
    cleanups.push(source.subscribe!(rec));
    await waitFor('realtime after the refusal', () => rec.states.includes('polling') && rec.states.at(-1) === 'realtime');
    // NaN compared false with every interval: no refresh was ever forced, and a token the server
    // refuses (but the client believes valid) would be sent again at every re-join.
    expect(fx.standin.stats.refreshes).toBeGreaterThan(refreshesBefore);
  });

  it('recovers from a join that times out (TIMED_OUT)', async () => {
    const { source } = await userSource();
    fx.standin.failNextJoin('timeout');
    const { task } = await source.submit('report', {});
    const w = watch(source, task.id);
    await waitFor('polling after timeout', () => w.rec.states.includes('polling'), 5_000);
    await finish(task.id);
    await waitFor('realtime after timeout', () => realtimeAgain(w, 0), 5_000);
    await waitFor('completed row', () => w.row?.status === 'completed');
  });

  it('stays connecting through a slow join and refetches what changed meanwhile once joined', async () => {
    const { source } = await userSource();
    fx.standin.delayJoin(600);
    const { task } = await source.submit('report', {});
    const w = watch(source, task.id);
    await finish(task.id); // happens before the join completes: no event can reach the channel
    expect(lastState(w)).toBe('connecting');
    await waitFor('realtime', () => lastState(w) === 'realtime');
    await waitFor('completed row', () => w.row?.status === 'completed');
  });

  it('catches up on missed events when the tab wakes up', async () => {
    const { source, wake } = await userSource();
    const { task } = await source.submit('report', {});
    const w = watch(source, task.id);
    await waitFor('realtime', () => lastState(w) === 'realtime');
    await waitFor('first fetch', () => w.row?.status === 'pending');
    fx.standin.suppressEvents(true);
    await finish(task.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(w.row?.status).toBe('pending'); // the events were lost
    wake().onWake();
    await waitFor('completed row after wake', () => w.row?.status === 'completed');
    expect(lastState(w)).toBe('realtime');
  });

  it('refreshes an expired token, re-joins, and reads again', async () => {
    const { source } = await userSource();
    const { task } = await source.submit('report', {});
    const w = watch(source, task.id);
    await waitFor('realtime', () => lastState(w) === 'realtime');
    const refreshesBefore = fx.standin.stats.refreshes;
    const mark = w.rec.states.length;
    fx.standin.expireTokens(); // the server closes the joined channel, reads answer 401
    await waitFor('polling', () => w.rec.states.slice(mark).includes('polling'));
    await finish(task.id);
    await waitFor('realtime again', () => realtimeAgain(w, mark));
    expect(fx.standin.stats.refreshes).toBeGreaterThan(refreshesBefore);
    await waitFor('completed row', () => w.row?.status === 'completed');
    expect((await source.fetchTasks([task.id]))[0]?.status).toBe('completed');
  });

  it('re-opens the channel for the new user when another user signs in on the same client', async () => {
    const { source, client } = await userSource();
    const rec = recorder();
    cleanups.push(source.subscribe!(rec));
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    const { client: other, userId: carol } = await fx.signedIn();
    const mark = rec.states.length;
    await client.auth.setSession(fx.standin.issueSession(carol));
    await waitFor('realtime for carol', () => rec.states.slice(mark).includes('connecting') && rec.states.at(-1) === 'realtime');
    const { task } = await createSupabaseSource(other, { realtime: false }).submit('report', {});
    await waitFor("hint for carol's task", () => rec.hints.some((h) => h !== 'all' && h.includes(task.id)));
    expect(client.getChannels()).toHaveLength(1);
  });

  it('goes back to realtime after a wake-up finds the channel gone', async () => {
    const { source, wake } = await userSource();
    const { task } = await source.submit('report', {});
    const w = watch(source, task.id);
    await waitFor('realtime', () => lastState(w) === 'realtime');
    wake().onOffline();
    expect(lastState(w)).toBe('offline');
    wake().onWake();
    expect(w.rec.hints.at(-1)).toBe('all');
    await waitFor('realtime', () => lastState(w) === 'realtime');
  });

  it('keeps one channel when a wake-up re-opens it while a scheduled re-open is still refreshing the session', async () => {
    const { source, client, wake } = await userSource();
    // A slow token refresh, as on a flaky network: the scheduled re-open waits on it.
    const refresh = client.auth.refreshSession.bind(client.auth);
    let refreshing = false;
    client.auth.refreshSession = (async (...args: Parameters<typeof refresh>) => {
      refreshing = true;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return refresh(...args);
    }) as typeof client.auth.refreshSession;
    fx.standin.failNextJoin('CHANNEL_ERROR'); // refused by the server: the re-open refreshes first
    const rec = recorder();
    cleanups.push(source.subscribe!(rec));
    await waitFor('refreshing before the re-open', () => refreshing);
    wake().onWake(); // the tab became visible meanwhile: re-open now
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    await new Promise((resolve) => setTimeout(resolve, 600)); // the refresh ends, its re-open runs
    expect(client.getChannels()).toHaveLength(1);
    expect(client.getChannels()[0]?.state).toBe('joined');
  });

  it('stays polling through a wake-up while Realtime reports its replication failing', async () => {
    const { source, client, wake } = await userSource();
    const { task } = await source.submit('report', {});
    const w = watch(source, task.id);
    await waitFor('realtime', () => lastState(w) === 'realtime');
    const mark = w.rec.states.length;
    fx.standin.suppressEvents(true);
    fx.standin.replicationError(); // the channel stays joined, but no change reaches it
    await waitFor('polling', () => w.rec.states.slice(mark).includes('polling'));
    wake().onWake();
    expect(client.getChannels()[0]?.state).toBe('joined');
    expect(lastState(w)).toBe('polling'); // realtime here would slow the hooks to the safety poll
  });

  it('backs off against a server that closes every channel right after accepting it (no join storm)', async () => {
    const { client } = await fx.signedIn();
    const source = createSupabaseSource(client, { reconnect: { initialDelayMs: 20, maxDelayMs: 400 }, minRefreshIntervalMs: 0, wakeEvents: () => () => undefined });
    const joinsBefore = fx.standin.stats.joins;
    fx.standin.closeAfterJoin(true);
    try {
      const rec = recorder();
      cleanups.push(source.subscribe!(rec));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Backing off: 10-20, 20-40, 40-80, 80-160, 160-320, then 200-400 ms between joins (~8 in
      // 1.5 s); without it a join (and a session refresh) every few tens of milliseconds.
      expect(fx.standin.stats.joins - joinsBefore).toBeLessThan(14);
      expect(rec.states).toContain('polling');
    } finally {
      fx.standin.closeAfterJoin(false);
    }
  });
});
