// Watchers through the supabase source: real supabase-js clients (one per watching user) against
// the Supabase stand-in over the run's database, with socket drops, failed and timed-out joins,
// slow joins and stretches of missed Realtime events injected while the load runs.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { startStandin, type Standin } from '@unstuck/supabase-standin';
import { createSupabaseSource } from '@unstuck/task-hooks/supabase';
import WebSocket from 'ws';
import type { SoakExtension } from '../run';
import { WatchExtension, type Transport } from './watch-extension';

function supabaseTransport(): Transport {
  let standin: Standin | null = null;
  const clients: SupabaseClient[] = [];
  const live = () => standin!;
  return {
    async start(context) {
      standin = await startStandin({ connectionString: context.url });
      return async (userId) => {
        const client = createClient(live().url, live().anonKey, {
          auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
          // Node 20 has no WebSocket global; short timings so a fault costs seconds, not minutes.
          realtime: { transport: WebSocket as unknown as never, timeout: 1_000, heartbeatIntervalMs: 5_000, reconnectAfterMs: () => 200 },
        });
        const { error } = await client.auth.setSession(live().issueSession(userId));
        if (error) throw error;
        clients.push(client);
        return createSupabaseSource(client, { reconnect: { initialDelayMs: 200, maxDelayMs: 2_000 } });
      };
    },
    faults: {
      'socket drop': { weight: 3, inject: () => live().dropSocket() },
      'join error': {
        weight: 2,
        inject: () => {
          live().failNextJoin('CHANNEL_ERROR');
          live().dropSocket();
        },
      },
      'join timeout': {
        weight: 1,
        inject: () => {
          live().failNextJoin('timeout');
          live().dropSocket();
        },
      },
      'slow joins': {
        weight: 1,
        inject: () => {
          live().delayJoin(700);
          live().dropSocket();
          return () => live().delayJoin(0);
        },
      },
      'missed events': {
        weight: 3,
        inject: () => {
          live().suppressEvents(true);
          return () => live().suppressEvents(false);
        },
      },
    },
    async stop() {
      await Promise.allSettled(clients.map((c) => c.removeAllChannels()));
      await standin?.stop();
    },
  };
}

export function supabaseWatchers(firstUser: number): SoakExtension {
  return new WatchExtension('supabase', supabaseTransport(), firstUser);
}
