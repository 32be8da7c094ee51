// A tab open for days loses its Realtime channel many times (sleeps, network changes, server
// restarts, refused joins) and the hooks subscribe and unsubscribe as pages come and go. Against
// the stand-in with the real supabase-js: after a hundred drops and reopens, one channel is left
// and the socket holds the per-channel callbacks of that one only.
// (supabase-js itself adds an open, a close and a message callback to its socket at every
// `connect()` of a disconnected socket, and never removes them: those grow by a few per drop
// whatever the source does, so they are not counted here.)
import { postgresAvailable } from '@unstuck/supabase-example';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSupabaseSource } from '../../src/sources/supabase';
import { recorder, waitFor } from './helpers/recorder';
import { startSupabaseFixture, type SupabaseFixture } from './helpers/supabase-fixture';

const pgUp = await postgresAvailable();
if (!pgUp && process.env.UNSTUCK_REQUIRE_POSTGRES === '1') throw new Error('PostgreSQL is required (UNSTUCK_REQUIRE_POSTGRES=1) but unreachable');
if (!pgUp) console.log('supabase channel churn tests skipped: PostgreSQL at 127.0.0.1:5432 is unreachable');

describe.skipIf(!pgUp)('supabase source: channels dropped and reopened hundreds of times', () => {
  let fx: SupabaseFixture;
  beforeAll(async () => {
    fx = await startSupabaseFixture('hooks_src_channel_churn');
  });
  /** The test's subscription: ended here too when the test fails midway, or it rejoins for ever. */
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    stop = undefined;
  });
  afterAll(async () => fx?.close());

  it('keeps one channel and none of the callbacks of those gone through 40 drops, 15 refused joins and 50 resubscribes', async () => {
    const { client } = await fx.signedIn();
    const source = createSupabaseSource(client, {
      reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
      minRefreshIntervalMs: 0,
      wakeEvents: () => () => undefined,
    });
    // A channel registers its `error` callback on the socket and removes it when it closes.
    const channelCallbacks = () => client.realtime.stateChangeCallbacks.error.length;
    let rec = recorder();
    stop = source.subscribe!(rec);
    await waitFor('realtime', () => rec.states.at(-1) === 'realtime');
    const baseline = channelCallbacks();
    const realtimeAgain = async (what: string, from: number) =>
      waitFor(what, () => rec.states.slice(from).includes('polling') && rec.states.at(-1) === 'realtime');

    for (let i = 0; i < 40; i += 1) {
      const mark = rec.states.length;
      fx.standin.dropSocket();
      await realtimeAgain(`realtime after drop ${i}`, mark);
    }
    for (let i = 0; i < 15; i += 1) {
      const mark = rec.states.length;
      fx.standin.failNextJoin('CHANNEL_ERROR');
      fx.standin.dropSocket();
      await realtimeAgain(`realtime after refused join ${i}`, mark);
    }
    for (let i = 0; i < 50; i += 1) {
      stop!();
      rec = recorder();
      stop = source.subscribe!(rec);
      await waitFor(`realtime after resubscribe ${i}`, () => rec.states.at(-1) === 'realtime');
    }
    await waitFor('old channels removed', () => client.getChannels().length === 1);
    expect(client.getChannels().map((channel) => channel.state)).toEqual(['joined']);
    expect(channelCallbacks()).toBe(baseline);
    stop!();
    stop = undefined;
    await waitFor('no channel', () => client.getChannels().length === 0);
  });
});
