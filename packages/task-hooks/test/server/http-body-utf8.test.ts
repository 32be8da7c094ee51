// Request bodies that are not what JSON text must be (UTF-8, RFC 8259 §8.1), and JSON whose keys
// name JavaScript's prototype, on a real node server in front of an app's own source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMemory, type MemoryServer } from './helpers/memory-server';
import { recordingSource } from './helpers/recording-source';

describe('task http handler: body encoding and prototype keys', () => {
  let served: MemoryServer;
  const { source: appSource, submitted } = recordingSource();
  beforeAll(async () => {
    served = await serveMemory({ getSource: async () => appSource });
  });
  afterAll(() => served.close());

  const post = (body: BodyInit) =>
    fetch(`${served.server.url}/api/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('refuses a body that is not UTF-8 with 400 invalid_id, instead of storing U+FFFD in place of what the user sent', async () => {
    const before = submitted.length;
    const utf8 = new TextEncoder().encode('{"type":"report","payload":{"name":"caf');
    // Latin-1 "é" (0xE9) then the rest: valid JSON in Latin-1, not UTF-8.
    const latin1 = new Uint8Array([...utf8, 0xe9, ...new TextEncoder().encode('"}}')]);
    const answer = await post(latin1);
    const body = (await answer.json()) as { error?: { code: string; message: string } };
    expect({ status: answer.status, code: body.error?.code }).toEqual({ status: 400, code: 'invalid_id' });
    expect(body.error?.message).toMatch(/UTF-8/);
    expect(submitted.length).toBe(before);
    // The same text in UTF-8 is taken as it is.
    const ok = await post(JSON.stringify({ type: 'report', payload: { name: 'café' } }));
    expect(ok.status).toBe(201);
    expect(submitted.at(-1)).toEqual({ name: 'café' });
  });

  it('passes a payload key named __proto__ on as data, polluting no prototype', async () => {
    const answer = await post('{"type":"report","payload":{"__proto__":{"polluted":true},"n":1},"__proto__":{"type":"x"}}');
    expect(answer.status).toBe(201);
    const payload = submitted.at(-1) as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(payload).sort()).toEqual(['__proto__', 'n']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
  });
});
