// The memory source's errors say what the SQL functions raise (examples/supabase/migrations), word
// for word: the supabase source passes the database's message on as the TaskError's message, and
// an app that shows it, or a test that matches it, must read the same text on either source.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemorySource } from '../../src/testing/memory-source';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const messageOf = (run: () => unknown) =>
  Promise.resolve().then(run).then(() => 'resolved', (error: Error) => error.message);

describe('memory source error messages match the SQL', () => {
  it('names an unregistered type as a SQL literal (format %L), and the type of a payload over its cap', async () => {
    const source = createMemorySource({ types: { export: { maxPayloadBytes: 10 } } });
    expect(await messageOf(() => source.submit("o'neil", {}))).toBe(
      "unknown_type: task type 'o''neil' is not registered in task_types",
    );
    expect(await messageOf(() => source.submit('export', { text: 'too long' }))).toBe(
      'payload_too_large: payload is 20 bytes, type export allows 10',
    );
  });

  it('says why retry refuses a completed and a healthy task, naming the task as the database prints its id', async () => {
    const source = createMemorySource();
    const { task: running } = await source.submit('export', {});
    source.worker.claim(running.id);
    expect(await messageOf(() => source.retry(running.id.toUpperCase()))).toBe(
      `illegal_state: task ${running.id} is processing and healthy; cancel it or wait`,
    );
    const { task: done } = await source.submit('export', {});
    source.worker.complete(done.id, source.worker.claim(done.id)!.attempt);
    expect(await messageOf(() => source.retry(done.id))).toBe(`illegal_state: task ${done.id} completed; submit a new task instead`);
    const missing = '00000000-0000-4000-8000-0000000000FF';
    expect(await messageOf(() => source.cancel(missing))).toBe(`not_found: task ${missing.toLowerCase()} does not exist or is not yours`);
  });

  it('quotes a malformed error code as a SQL literal', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    expect(await messageOf(() => source.worker.fail(task.id, attempt, 'Not A Code'))).toBe(
      "invalid_id: error code must match ^[a-z][a-z0-9_.:-]{0,63}$, got 'Not A Code'",
    );
  });
});
