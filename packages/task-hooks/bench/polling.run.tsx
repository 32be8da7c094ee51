// Requests and renders of 100 components watching 100 tasks for 60 s of fake time, against the
// plain TanStack Query way (one useQuery with refetchInterval per component).
import { QueryClient, QueryClientProvider, notifyManager, useQuery } from '@tanstack/react-query';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { TaskProvider } from '../src/react/context';
import { useTaskStatus } from '../src/react/use-task-status';
import { createMemorySource, type MemorySource } from '../src/testing/memory-source';

notifyManager.setScheduler((cb) => void Promise.resolve().then(cb));
const N = 100;
const SECONDS = 60;
const figures: Record<string, string | number> = {};
const renders = new Map<string, number>();
const count = (id: string) => renders.set(id, (renders.get(id) ?? 0) + 1);

function Ours({ id }: { id: string }) {
  useTaskStatus(id, { liveElapsed: false });
  count(id);
  return null;
}

function Baseline({ id, source }: { id: string; source: MemorySource }) {
  const query = useQuery({
    queryKey: ['baseline', id],
    queryFn: async () => (await source.fetchTasks([id]))[0] ?? null,
    refetchInterval: 2_000,
  });
  void query.data;
  count(id);
  return null;
}

async function setup(realtime: boolean, latencyMs = 0) {
  const source = createMemorySource({ realtime, latencyMs });
  const ids: string[] = [];
  for (let i = 0; i < N; i += 1) ids.push((await source.store.submit('export', { i })).task.id);
  return { source, ids, client: new QueryClient({ defaultOptions: { queries: { retry: false } } }) };
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const total = () => [...renders.values()].reduce((a, b) => a + b, 0);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
  renders.clear();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

it('polling: ours vs one useQuery + refetchInterval per component', async () => {
  const { source, ids, client } = await setup(false);
  render(<TaskProvider source={source} queryClient={client}>{ids.map((id) => <Ours key={id} id={id} />)}</TaskProvider>);
  await advance(0);
  const mountRenders = total();
  source.resetStats();
  await advance(SECONDS * 1_000);
  figures['ours: fetchTasks requests in 60 s'] = source.stats.fetchBatches.length;
  figures['ours: ids per request'] = Math.max(...source.stats.fetchBatches.map((b) => b.length));
  figures['ours: thresholds reads in 60 s (again once per 30 s)'] = source.stats.calls.fetchThresholds ?? 0;
  figures['ours: renders from 60 s of unchanged polls'] = total() - mountRenders;
  const before = new Map(renders);
  source.worker.claim(ids[42]!);
  await advance(2_000);
  const changed = [...renders].filter(([id, n]) => n !== before.get(id)).map(([id, n]) => `${id === ids[42] ? 'changed task' : 'other'} +${n - before.get(id)!}`);
  figures['ours: renders after one task changed'] = changed.join(', ');
  expect(figures['ours: renders from 60 s of unchanged polls']).toBe(0);
  cleanup();

  renders.clear();
  const base = await setup(false);
  render(<QueryClientProvider client={base.client}>{base.ids.map((id) => <Baseline key={id} id={id} source={base.source} />)}</QueryClientProvider>);
  await advance(0);
  const baseMount = total();
  base.source.resetStats();
  await advance(SECONDS * 1_000);
  figures['baseline: fetch requests in 60 s'] = base.source.stats.fetchBatches.length;
  figures['baseline: renders from 60 s of unchanged polls'] = total() - baseMount;
});

it('polling a server that takes 100 ms to answer: still one request per interval', async () => {
  const { source, ids, client } = await setup(false, 100);
  render(<TaskProvider source={source} queryClient={client}>{ids.map((id) => <Ours key={id} id={id} />)}</TaskProvider>);
  await advance(1_000);
  source.resetStats();
  await advance(SECONDS * 1_000);
  // The next poll is planned from the answer, so an interval is 2 s plus the 100 ms round trip.
  figures['ours, 100 ms latency: fetchTasks requests in 60 s'] = source.stats.fetchBatches.length;
});

it('realtime: one subscription, only safety polls while healthy', async () => {
  const { source, ids, client } = await setup(true);
  render(<TaskProvider source={source} queryClient={client}>{ids.map((id) => <Ours key={id} id={id} />)}</TaskProvider>);
  await advance(0);
  figures['realtime: subscriptions for 100 hooks'] = source.subscriberCount;
  source.resetStats();
  await advance(SECONDS * 1_000);
  figures['realtime: fetchTasks requests in 60 s (safety poll 30 s)'] = source.stats.fetchBatches.length;
  figures['realtime: thresholds reads in 60 s'] = source.stats.calls.fetchThresholds ?? 0;
  source.resetStats();
  source.worker.claim(ids[7]!);
  await advance(0);
  figures['realtime: request after one change (ids)'] = source.stats.fetchBatches.map((b) => b.length).join(',');
});

it('prints', () => {
  console.log('\n## hooks bench (100 tasks, 100 components, 60 s fake time)');
  for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${v}`);
});
