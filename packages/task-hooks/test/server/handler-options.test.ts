// createTaskHttpHandler given numeric options that are no usable number, as `Number(process.env.X)`
// gives for an unset variable (NaN): each limit must fall back to its default, not switch itself
// off. On a real node HTTP server, backed by the memory source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timerOption } from '../../src/server/timer-option';
import { serveMemory, type MemoryServer } from './helpers/memory-server';

const unset = Number(undefined); // NaN

/** What a stream sends within `ms` (or until `until` matches), read as text. */
async function readStream(url: string, ms: number, headers: Record<string, string> = {}, until?: RegExp): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = setTimeout(() => controller.abort(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (until?.test(text)) break;
    }
  } catch {
    // aborted at the deadline
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  return text;
}

describe('createTaskHttpHandler with numeric options that are NaN', () => {
  let served: MemoryServer;
  const url = (path: string) => `${served.server.url}/api/tasks${path}`;

  beforeAll(async () => {
    served = await serveMemory({
      maxBodyBytes: unset,
      pingIntervalMs: unset,
      replayBufferSize: unset,
      retryMs: unset,
      lingerMs: unset,
      upstreamGraceMs: unset,
    });
  });
  afterAll(() => served.close());

  it('still refuses a body over the default 1 MiB', async () => {
    const response = await fetch(url(''), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'report', payload: { big: 'x'.repeat(1_100_000) } }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('1048576');
  });

  it('pings every 15 s, not in a loop, and advises the default retry delay', async () => {
    const text = await readStream(url('/stream'), 300);
    expect(text).toMatch(/^retry: 2000\n\n/);
    expect(text.split(': ping').length - 1).toBe(0);
  });

  it('keeps a bounded replay buffer: a client too far behind gets reset, not every event since', async () => {
    // An open stream keeps the user's upstream subscription, so every change below is published.
    const keepOpen = readStream(url('/stream'), 3_000, {}, /event: task[\s\S]*event: task/);
    const first = readStream(url('/stream'), 3_000, {}, /id: \d+\nevent: task/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await served.memory.submit('report', {});
    const firstId = /id: (\d+)\nevent: task/.exec(await first)![1]!;
    for (let i = 0; i < 300; i += 1) await served.memory.submit('report', {});
    const resumed = await readStream(url('/stream'), 300, { 'last-event-id': firstId });
    expect(resumed).toContain('event: reset');
    expect(resumed.split('event: task').length - 1).toBe(0); // the default 256 kept, not all 300 replayed
    await keepOpen;
  });
});

describe('createTaskHttpHandler with timing options too long for a timer', () => {
  // 2 ** 31 ms (24.8 days) and above overflow setTimeout / setInterval, which then fire after
  // 1 ms: a ping interval that long sent a ping every millisecond on every open stream.
  let served: MemoryServer;
  beforeAll(async () => {
    served = await serveMemory({ pingIntervalMs: 2 ** 31, lingerMs: 2 ** 31, upstreamGraceMs: 2 ** 31 });
  });
  afterAll(() => served.close());

  it.each([
    [2 ** 31 - 1, 2 ** 31 - 1],
    [2 ** 31, 3_000],
    [Infinity, 3_000],
    [Number.NaN, 3_000],
  ])('keeps a delay a timer can keep and defaults the rest (lingerMs, upstreamGraceMs, retryMs too): %d ms → %d', (given, kept) => {
    expect(timerOption(given, 3_000)).toBe(kept);
  });

  it('pings every 15 s (the default), not every millisecond', async () => {
    const text = await readStream(`${served.server.url}/api/tasks/stream`, 300);
    expect(text).toMatch(/^retry: 2000\n\n/);
    expect(text.split(': ping').length - 1).toBe(0);
  });
});

describe('createTaskHttpHandler with a basePath written without its leading slash', () => {
  it('serves the routes under it all the same, as under "/api/tasks"', async () => {
    const served = await serveMemory({ basePath: 'api/tasks/' });
    try {
      const { task } = await served.memory.submit('report', {});
      const response = await fetch(`${served.server.url}/api/tasks?ids=${task.id}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { tasks: Array<{ id: string }> }).tasks.map((t) => t.id)).toEqual([task.id]);
      expect((await fetch(`${served.server.url}/api/tasks/time`)).status).toBe(200);
    } finally {
      await served.close();
    }
  });
});
