// A Map or a Set inside a payload, sent by the http source to the contract's handler on a real
// node server: JSON.stringify writes both as `{}`, so the task would run on an empty object where
// the app passed entries. Refused before anything is sent, as a cycle or Infinity is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskError } from '../../src/core/errors';
import { createHttpSource } from '../../src/sources/http';
import { createMemorySource } from '../../src/testing';
import { serveMemory, type MemoryServer } from '../server/helpers/memory-server';

// Every source names the same place, whether the payload is the Set itself or holds one.
const cases: Array<[payload: unknown, path: string, kind: string]> = [
  [{ tags: new Set(['a', 'b']) }, 'payload.tags', 'Set'],
  [{ options: { sizes: new Map([['w', 10]]) } }, 'payload.options.sizes', 'Map'],
  [{ steps: [{ ok: 1 }, new Map()] }, 'payload.steps[1]', 'Map'],
  [new Set([1]), 'payload', 'Set'],
  [[1, new Set([2])], 'payload[1]', 'Set'],
];

describe('http source: a payload holding a Map or a Set', () => {
  let served: MemoryServer;
  beforeAll(async () => {
    served = await serveMemory();
  });
  afterAll(() => served.close());

  it('is refused with invalid_id naming where it is, and nothing is sent', async () => {
    const source = createHttpSource({ baseUrl: `${served.server.url}/api/tasks`, stream: false });
    for (const [payload, path, kind] of cases) {
      const error = await source.submit('report', payload).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(TaskError);
      expect({ path, code: (error as TaskError).code, message: (error as TaskError).message }).toEqual({
        path,
        code: 'invalid_id',
        message: expect.stringContaining(`: ${path} is a ${kind}`),
      });
    }
    expect(served.server.requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect(await served.memory.listTasks()).toEqual([]);
    // Their entries, spelled as JSON, go through.
    const { task } = await source.submit('report', { tags: [...new Set(['a'])], sizes: Object.fromEntries(new Map([['w', 10]])) });
    expect(task.payload).toEqual({ tags: ['a'], sizes: { w: 10 } });
  });

  it('is refused the same, at the same path, by the memory source, which stores a payload as JSON', async () => {
    const memory = createMemorySource();
    for (const [payload, path, kind] of cases) {
      const error = await memory.submit('report', payload).then(() => undefined, (e: unknown) => e);
      expect({ path, error }).toEqual({ path, error: expect.objectContaining({ code: 'invalid_id', message: expect.stringContaining(`: ${path} is a ${kind}`) }) });
    }
  });
});
