// Resuming the event stream with Last-Event-ID, on a real node server: from any event id it
// replays exactly the events after it (none lost, none twice); an id it cannot place (malformed,
// from the future, from nowhere) gets `reset` and no replay. And streams that open and drop by the
// dozen leave no subscription or timer behind.
//
// Each resume opens a new stream after the previous one closed, as a reconnecting client does: the
// replay buffer lives as long as the user's subscription, which lingers `lingerMs` after their last
// stream. The resume tests give it a minute, so a slow machine (GC, a loaded CI runner) between two
// resumes cannot drop the buffer and turn a replay into a `reset`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMemory, type MemoryServer } from './helpers/memory-server';

interface Frame {
  id?: string;
  event?: string;
  data?: string;
}

describe('event stream resume', () => {
  let served: MemoryServer;
  beforeAll(async () => {
    served = await serveMemory({ pingIntervalMs: 30, lingerMs: 60_000, upstreamGraceMs: 10_000 });
  });
  afterAll(() => served.close());

  /** The frames a new stream sends before its first ping: the replay (sent at once on attach). */
  async function framesUntilPing(lastEventId?: string, on = served): Promise<Frame[]> {
    const headers: Record<string, string> = lastEventId === undefined ? {} : { 'last-event-id': lastEventId };
    const response = await fetch(`${on.server.url}/api/tasks/stream`, { headers });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(': ping')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    return text.slice(0, text.indexOf(': ping')).split('\n\n').filter((block) => block && !block.startsWith('retry:')).map((block) =>
      Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)])),
    );
  }

  /** Submits `count` tasks while a stream is open, and returns their events as that stream saw them. */
  async function publish(count: number, on = served): Promise<Array<{ seq: string; id: string }>> {
    const response = await fetch(`${on.server.url}/api/tasks/stream`);
    const reader = response.body!.getReader();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await on.memory.submit('report', {})).task.id);
    let text = '';
    while (!text.includes(ids.at(-1)!)) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const published = [...text.matchAll(/id: (\d+)\nevent: task\ndata: \{"id":"([^"]+)"\}/g)].map(([, seq, id]) => ({ seq: seq!, id: id! }));
    expect(published.map((event) => event.id)).toEqual(ids);
    return published;
  }

  it('replays exactly the events after the given id, from every id', async () => {
    const published = await publish(3);
    // A reconnect that comes a while after the stream closed (longer than a moment: a busy machine).
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (const [k, event] of published.entries()) {
      const replayed = await framesUntilPing(event.seq);
      expect(replayed.map((frame) => [frame.event, frame.id, frame.data])).toEqual(
        published.slice(k + 1).map((later) => ['task', later.seq, JSON.stringify({ id: later.id })]),
      );
    }
  });

  it('answers an id it cannot place with reset and replays nothing', async () => {
    // A buffer of two, filled: from `first`, the oldest event, the server replays one. Every case
    // below is refused for the reason it names only: malformed ones spell `first` (read leniently
    // they would replay), the future is just past the newest id, nowhere just before the oldest.
    // (No case with spaces around an id: HTTP trims a header's value, so ' 1' arrives as '1'.)
    const own = await serveMemory({ pingIntervalMs: 30, lingerMs: 60_000, upstreamGraceMs: 10_000, replayBufferSize: 2 });
    try {
      const [oldest, newest] = await publish(2, own);
      const first = oldest!.seq;
      const resumed = async (lastEventId: string) => (await framesUntilPing(lastEventId, own)).map((frame) => frame.event);
      expect(await resumed(first)).toEqual(['task']);
      const cases: Array<[reason: string, lastEventId: string]> = [
        ['malformed', `+${first}`],
        ['malformed', `${first}.0`],
        ['malformed', `${Number(first) / 1000}e3`],
        ['malformed', `0x${Number(first).toString(16)}`],
        ['malformed', ''],
        ['malformed', 'abc'],
        ['malformed', '-1'],
        ['from the future', String(Number(newest!.seq) + 1)],
        ['from the future', '99999999999999999999'],
        ['from nowhere', String(Number(first) - 2)],
      ];
      for (const [reason, lastEventId] of cases) {
        expect({ reason, lastEventId, events: await resumed(lastEventId) }).toEqual({ reason, lastEventId, events: ['reset'] });
      }
      // Still the same buffer: nothing above was refused because it had been dropped.
      expect(await resumed(String(Number(first) - 1))).toEqual(['task', 'task']);
    } finally {
      await own.close();
    }
  });
});

describe('event stream churn', () => {
  let served: MemoryServer;
  beforeAll(async () => {
    // A short linger: this test waits for the subscription to end after the last stream closed.
    served = await serveMemory({ pingIntervalMs: 30, lingerMs: 100, upstreamGraceMs: 10_000 });
  });
  afterAll(() => served.close());

  it('keeps no subscription or timer for streams that opened and dropped', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    expect(served.memory.subscriberCount).toBe(0);
    const before = timers();
    for (let round = 0; round < 3; round++) {
      const controllers = Array.from({ length: 20 }, () => new AbortController());
      const opened = await Promise.all(controllers.map((controller) => fetch(`${served.server.url}/api/tasks/stream`, { signal: controller.signal })));
      await Promise.all(opened.map((response) => response.body!.getReader().read()));
      expect(served.memory.subscriberCount).toBe(1);
      controllers.forEach((controller) => controller.abort());
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(served.memory.subscriberCount).toBe(0);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
