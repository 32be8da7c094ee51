// Middleware and agents wrap `res.write` (to count bytes, to trace), and not all of them hand back
// what it returned. createNodeListener waits for `drain` only when a write says `false` (the
// socket's buffer is full): a wrapper returning undefined must not leave it waiting for a `drain`
// that never comes, with the rest of the answer (an event stream's events) held back for good.
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeListener } from '../../src/server';
import { listen } from './helpers/node-server';

describe('createNodeListener under a res.write wrapper that returns nothing', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('writes the whole of a streamed answer', async () => {
    const listener = createNodeListener(async () => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode('first,'));
          await new Promise((resolve) => setTimeout(resolve, 20));
          controller.enqueue(encoder.encode('second'));
          controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/plain' } });
    });
    const server = await listen((incoming, outgoing) => {
      const write = outgoing.write.bind(outgoing) as (chunk: Uint8Array) => boolean;
      outgoing.write = ((chunk: Uint8Array) => void write(chunk)) as unknown as typeof outgoing.write;
      listener(incoming, outgoing);
    });
    close = server.close;
    const response = await fetch(`${server.url}/anything`, { signal: AbortSignal.timeout(2_000) });
    expect(await response.text()).toBe('first,second');
  });
});
