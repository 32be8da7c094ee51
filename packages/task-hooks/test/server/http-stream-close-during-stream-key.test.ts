// A stream asked for just before handler.close(), still resolving its async streamKey (a session
// looked up in a store) when close() runs, must not open after it: a fresh stream, an upstream
// subscription and a response that nothing ends would keep the server from finishing its close.
import { describe, expect, it } from 'vitest';
import { createTaskHttpHandler } from '../../src/server';
import { createMemorySource } from '../../src/testing';

describe('handler.close() while a stream resolves its streamKey', () => {
  it('answers that stream 503 and opens no upstream subscription', async () => {
    const memory = createMemorySource();
    let releaseKey!: (key: string) => void;
    let keyAsked!: () => void;
    const asked = new Promise<void>((resolve) => (keyAsked = resolve));
    const handler = createTaskHttpHandler({
      basePath: '/api/tasks',
      getSource: async () => memory,
      streamKey: () =>
        new Promise<string>((resolve) => {
          releaseKey = resolve;
          keyAsked();
        }),
    });
    const controller = new AbortController();
    const pending = handler(new Request('http://localhost/api/tasks/stream', { signal: controller.signal }));
    await asked;
    handler.close();
    releaseKey('user-1');
    const response = await pending;
    try {
      expect(response.status).toBe(503);
      expect(memory.subscriberCount).toBe(0);
    } finally {
      controller.abort();
      await response.body?.cancel().catch(() => undefined);
    }
  });
});
