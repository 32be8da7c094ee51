// PostgreSQL's jsonb input refuses a lone UTF-16 surrogate ('\ud800', which JSON.stringify writes
// as the escape \ud800): 22P02 "invalid input syntax for type json" (detail: "Unicode low
// surrogate must follow a high surrogate."), `invalid_id` in docs/CONTRACT.md "Errors". Like a
// NUL character (memory-nul.test.ts), the call fails while its arguments are converted, before the
// function runs: nothing is written, whatever the size, and a zombie worker hears it too.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemorySource } from '../../src/testing/memory-source';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const errorOf = (run: () => unknown) =>
  Promise.resolve().then(run).then(() => 'resolved', (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`);
const refused = 'invalid_id: invalid input syntax for type json';

describe('memory source refuses a lone surrogate in jsonb as the database does', () => {
  it('refuses it in a payload, as a value or a key, high or low, and stores nothing', async () => {
    const source = createMemorySource();
    for (const payload of [{ note: '\ud800' }, { note: 'a\udc00b' }, { note: '\udc00\ud800' }, { ['k\udbff']: 1 }, ['x', '\ud800']]) {
      expect(await errorOf(() => source.submit('export', payload))).toBe(refused);
    }
    expect(await source.listTasks()).toEqual([]);
  });

  it('refuses it before the size check, as argument conversion comes before the function', async () => {
    const source = createMemorySource({ types: { export: { maxPayloadBytes: 16 } } });
    expect(await errorOf(() => source.submit('export', { note: `${'x'.repeat(100)}\ud800` }))).toBe(refused);
  });

  it('keeps a surrogate pair (an emoji) and the text "\\ud800", which jsonb stores', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', { note: '😀', escaped: '\\ud800' });
    expect(task.payload).toEqual({ note: '😀', escaped: '\\ud800' });
  });

  it("refuses it in a worker's result, a stale attempt's too, and writes nothing", async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    expect(await errorOf(() => source.worker.complete(task.id, attempt, { text: '\ud800' }))).toBe(refused);
    expect(await errorOf(() => source.worker.complete(task.id, attempt + 1, ['\udfff']))).toBe(refused);
    expect(source.getTask(task.id)).toMatchObject({ status: 'processing', result: null, progress: null });
  });
});
