// A request body nested deeper than the handler's limit, on a real node server, in front of an
// app's own server-side source (the handler must refuse it: the app's source may write the payload
// with JSON.stringify or hand it to a database, both recursive, and run out of stack).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_DEPTH } from '../../src/server/body-depth';
import { serveMemory, type MemoryServer } from './helpers/memory-server';
import { recordingSource } from './helpers/recording-source';

/** `levels` arrays around 1: `nested(2)` is `[[1]]`, whose 1 is 2 levels below the array holding it. */
const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

describe('task http handler: body nesting depth', () => {
  let served: MemoryServer;
  const { memory, source: appSource, submitted } = recordingSource();
  beforeAll(async () => {
    served = await serveMemory({ getSource: async () => appSource });
  });
  afterAll(() => served.close());

  const post = (path: string, body: string) =>
    fetch(`${served.server.url}/api/tasks${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it(`accepts a payload nested ${MAX_BODY_DEPTH} levels, refuses one level more with 400 invalid_id naming the path`, async () => {
    // The payload is the array; its innermost value is MAX_BODY_DEPTH levels below it.
    const ok = await post('', `{"type":"report","payload":${nested(MAX_BODY_DEPTH)}}`);
    expect(ok.status).toBe(201);
    for (const levels of [MAX_BODY_DEPTH + 1, 5_000, 100_000]) {
      const answer = await post('', `{"type":"report","payload":{"deep":${nested(levels)}}}`);
      const { error } = (await answer.json()) as { error: { code: string; message: string } };
      expect({ levels, status: answer.status, code: error.code }).toEqual({ levels, status: 400, code: 'invalid_id' });
      expect(error.message).toMatch(new RegExp(`^payload\\.deep\\[0\\].* nests deeper than ${MAX_BODY_DEPTH} levels`));
      expect(error.message.length).toBeLessThan(200); // not a path of thousands of levels
    }
    expect(submitted).toHaveLength(1); // only the first reached the app's source
  });

  it('refuses the same in the body of cancel and retry, before the source is asked', async () => {
    const { task } = await memory.submit('report', {});
    for (const action of ['cancel', 'retry']) {
      const answer = await post(`/${task.id}/${action}`, `{"note":${nested(MAX_BODY_DEPTH + 1)}}`);
      expect({ action, status: answer.status, body: await answer.json() }).toMatchObject({ action, status: 400, body: { error: { code: 'invalid_id' } } });
    }
    expect(memory.getTask(task.id)).toMatchObject({ status: 'pending', cancel_requested_at: null });
  });

  it('refuses a number JSON text cannot carry (1e400 parses to Infinity, which JSON.stringify writes as null) with 400 invalid_id naming the path', async () => {
    const before = submitted.length;
    for (const [body, where] of [
      ['{"type":"report","payload":{"size":1e400}}', 'payload.size'],
      ['{"type":"report","payload":{"steps":[1,-1e999]}}', 'payload.steps[1]'],
    ] as const) {
      const answer = await post('', body);
      const { error } = (await answer.json()) as { error: { code: string; message: string } };
      expect({ status: answer.status, code: error.code }).toEqual({ status: 400, code: 'invalid_id' });
      expect(error.message).toContain(where);
    }
    expect(submitted).toHaveLength(before); // the app's source never saw them
    expect((await post('', '{"type":"report","payload":{"size":1e308}}')).status).toBe(201); // large, but finite
  });
});
