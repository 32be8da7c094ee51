// Resuming the event stream with Last-Event-ID, on a real node server: from any event id it
// replays exactly the events after it (none lost, none twice); an id it cannot place (malformed,
// from the future, from nowhere) gets `reset` and no replay. And streams that open and drop by the
// dozen leave no subscription or timer behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMemory, type MemoryServer } from './helpers/memory-server';

interface Frame {
  id?: string;
  event?: string;
  data?: string;
}

describe('event stream resume and churn', () => {
  let served: MemoryServer;
  beforeAll(async () => {
    served = await serveMemory({ pingIntervalMs: 30, lingerMs: 100, upstreamGraceMs: 10_000 });
  });
  afterAll(() => served.close());

  /** The frames a new stream sends before its first ping: the replay (sent at once on attach). */
  async function framesUntilPing(lastEventId?: string): Promise<Frame[]> {
    const headers: Record<string, string> = lastEventId === undefined ? {} : { 'last-event-id': lastEventId };
    const response = await fetch(`${served.server.url}/api/tasks/stream`, { headers });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(': ping')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    return text.slice(0, text.indexOf(': ping')).split('\n\n').filter((block) => block && !block.startsWith('retry:')).map((block) =>
      Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)])),
    );
  }

  it('replays exactly the events after the given id, from every id', async () => {
    const response = await fetch(`${served.server.url}/api/tasks/stream`);
    const reader = response.body!.getReader();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await served.memory.submit('report', {})).task.id);
    let text = '';
    while (!text.includes(ids[2]!)) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const published = [...text.matchAll(/id: (\d+)\nevent: task\ndata: \{"id":"([^"]+)"\}/g)].map(([, seq, id]) => ({ seq: seq!, id: id! }));
    expect(published.map((event) => event.id)).toEqual(ids);
    for (const [k, event] of published.entries()) {
      const replayed = await framesUntilPing(event.seq);
      expect(replayed.map((frame) => [frame.event, frame.id, frame.data])).toEqual(
        published.slice(k + 1).map((later) => ['task', later.seq, JSON.stringify({ id: later.id })]),
      );
    }
  });

  it('answers an id it cannot place with reset and replays nothing', async () => {
    await served.memory.submit('report', {});
    const [current] = (await framesUntilPing('0')).map((frame) => Number(frame.id));
    for (const lastEventId of ['abc', ' 1', '-1', '1e3', '', String(current! + 1_000), '99999999999999999999']) {
      const frames = await framesUntilPing(lastEventId);
      expect({ lastEventId, events: frames.map((frame) => frame.event) }).toEqual({ lastEventId, events: ['reset'] });
    }
  });

  it('keeps no subscription or timer for streams that opened and dropped', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    await new Promise((resolve) => setTimeout(resolve, 200)); // earlier streams' linger is over
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
