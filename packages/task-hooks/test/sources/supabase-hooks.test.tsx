// @vitest-environment jsdom
// useTaskStatus fed by the supabase source (real supabase-js, the stand-in, a real database),
// mounted in StrictMode, through a socket drop and an expired token. Polling is set to a minute so
// only Realtime hints and the recovery refetches can bring the row up to date within the test.
import { cleanup, render } from '@testing-library/react';
import { postgresAvailable } from '@unstuck/supabase-example';
import { StrictMode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TaskProvider } from '../../src/react/context';
import type { TaskStatusResult } from '../../src/react/types';
import { createSupabaseSource } from '../../src/sources/supabase';
import { waitFor } from './helpers/recorder';
import { StatusProbe } from './helpers/status-probe';
import { startSupabaseFixture, type SupabaseFixture } from './helpers/supabase-fixture';

const pgUp = await postgresAvailable();
if (!pgUp && process.env.UNSTUCK_REQUIRE_POSTGRES === '1') throw new Error('PostgreSQL is required (UNSTUCK_REQUIRE_POSTGRES=1) but unreachable');
if (!pgUp) console.log('supabase hook tests skipped: PostgreSQL at 127.0.0.1:5432 is unreachable');

describe.skipIf(!pgUp)('useTaskStatus over the supabase source', () => {
  let fx: SupabaseFixture;
  beforeAll(async () => {
    fx = await startSupabaseFixture('hooks_src_hooks');
  });
  afterEach(() => {
    cleanup();
    fx.standin.suppressEvents(false);
    vi.restoreAllMocks();
  });
  /** The kit's own development warnings (supabase-js prints some of its own through console.warn). */
  const unstuckWarnings = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map(([m]) => String(m)).filter((m) => m.startsWith('[unstuck]'));
  afterAll(async () => fx?.close());

  it('follows a task to completed through a socket drop and an expired token, back on realtime', async () => {
    const warn = vi.spyOn(console, 'warn');
    const { client } = await fx.signedIn();
    const source = createSupabaseSource(client, { reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, minRefreshIntervalMs: 0, wakeEvents: () => () => undefined });
    const { task } = await source.submit('report', {});
    const log: TaskStatusResult[] = [];
    render(
      <StrictMode>
        <TaskProvider source={source} pollInterval={60_000} safetyPollInterval={60_000}>
          <StatusProbe id={task.id} log={log} />
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
    expect(unstuckWarnings(warn)).toEqual([]); // every change was announced, or lost while down
  });

  it('tells the developer, once, when Realtime is joined but delivers no change (publication or RLS)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { client } = await fx.signedIn();
    const source = createSupabaseSource(client, { wakeEvents: () => () => undefined });
    const { task } = await source.submit('report', {});
    const log: TaskStatusResult[] = [];
    render(
      <TaskProvider source={source} pollInterval={1_000} safetyPollInterval={1_000}>
        <StatusProbe id={task.id} log={log} />
      </TaskProvider>,
    );
    const latest = () => log.at(-1)!;
    await waitFor('pending on realtime', () => latest().status === 'pending' && latest().connection === 'realtime');
    const { attempt } = await fx.worker.claim(task.id);
    // First with events delivered: beats raced against reads once a second, past the grace period.
    for (const progress of [0.1, 0.2, 0.3, 0.4]) {
      await fx.worker.heartbeat(task.id, attempt, progress);
      await new Promise((resolve) => setTimeout(resolve, 1_700));
    }
    expect(latest()).toMatchObject({ status: 'processing', task: { progress: 0.4 } });
    expect(unstuckWarnings(warn)).toEqual([]);
    fx.standin.suppressEvents(true); // joined, SUBSCRIBED, and silent: what a missing publication looks like
    await fx.worker.heartbeat(task.id, attempt, 0.5);
    await waitFor('the beat, found by the safety poll', () => latest().task?.progress === 0.5);
    expect(unstuckWarnings(warn)).toEqual([]); // its event could still be on the way
    await waitFor('the warning', () => unstuckWarnings(warn).length > 0, 10_000);
    expect(unstuckWarnings(warn)[0]).toContain(task.id);
    expect(unstuckWarnings(warn)[0]).toMatch(/supabase source's realtime channel was live.*supabase_realtime/);
    await fx.worker.complete(task.id, attempt, { url: 'done' });
    await waitFor('completed, found by the safety poll', () => latest().status === 'completed');
    expect(unstuckWarnings(warn)).toHaveLength(1);
  });
});
