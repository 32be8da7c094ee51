// @vitest-environment jsdom
// useTaskStatus fed by the supabase source (real supabase-js, the stand-in, a real database),
// mounted in StrictMode, through a socket drop and an expired token. Polling is set to a minute so
// only Realtime hints and the recovery refetches can bring the row up to date within the test.
import { cleanup, render } from '@testing-library/react';
import { postgresAvailable } from '@unstuck/supabase-example';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { useTaskStatus } from '../../src/react/use-task-status';
import { createSupabaseSource } from '../../src/sources/supabase';
import { waitFor } from './helpers/recorder';
import { startSupabaseFixture, type SupabaseFixture } from './helpers/supabase-fixture';

const pgUp = await postgresAvailable();
if (!pgUp && process.env.UNSTUCK_REQUIRE_POSTGRES === '1') throw new Error('PostgreSQL is required (UNSTUCK_REQUIRE_POSTGRES=1) but unreachable');
if (!pgUp) console.log('supabase hook tests skipped: PostgreSQL at 127.0.0.1:5432 is unreachable');

function Probe({ id, log }: { id: string; log: TaskStatusResult[] }) {
  log.push(useTaskStatus(id, { liveElapsed: false }));
  return null;
}

describe.skipIf(!pgUp)('useTaskStatus over the supabase source', () => {
  let fx: SupabaseFixture;
  beforeAll(async () => {
    fx = await startSupabaseFixture('hooks_src_hooks');
  });
  afterEach(() => cleanup());
  afterAll(async () => fx?.close());

  it('follows a task to completed through a socket drop and an expired token, back on realtime', async () => {
    const { client } = await fx.signedIn();
    const source = createSupabaseSource(client, { reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, minRefreshIntervalMs: 0, wakeEvents: () => () => undefined });
    const { task } = await source.submit('report', {});
    const log: TaskStatusResult[] = [];
    render(
      <StrictMode>
        <TaskProvider source={source} pollInterval={60_000} safetyPollInterval={60_000}>
          <Probe id={task.id} log={log} />
        </TaskProvider>
      </StrictMode>,
    );
    const latest = () => log.at(-1)!;
    await waitFor('pending on realtime', () => latest().status === 'pending' && latest().connection === 'realtime');
    expect(client.getChannels()).toHaveLength(1);

    fx.standin.dropSocket();
    await waitFor('polling after the drop', () => latest().connection === 'polling');
    const { attempt } = await fx.worker.claim(task.id);
    await waitFor('processing after recovery', () => latest().status === 'processing' && latest().connection === 'realtime');

    fx.standin.expireTokens();
    await waitFor('polling after expiry', () => latest().connection === 'polling');
    await fx.worker.complete(task.id, attempt, { url: 'done' });
    await waitFor('completed after refresh', () => latest().status === 'completed' && latest().connection === 'realtime');
    expect(latest().task?.result).toEqual({ url: 'done' });
    expect(client.getChannels()).toHaveLength(1);
    const connections = log.map((r) => r.connection).filter((c, i, all) => c !== all[i - 1]);
    // Before its first subscribe the hook reports its own default; from the subscribe on it is ours.
    expect(connections.slice(connections.indexOf('connecting'))).toEqual(['connecting', 'realtime', 'polling', 'realtime', 'polling', 'realtime']);
  });
});
