// PostgreSQL cannot store a NUL character: in jsonb it fails with 22P05, in text with 22021, both
// `invalid_id` (docs/CONTRACT.md "Errors"). The call fails while its arguments are converted,
// before the function runs: nothing is written, and a zombie worker hears it too.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemorySource } from '../../src/testing/memory-source';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const codeOf = (run: () => unknown) =>
  Promise.resolve().then(run).then(() => 'resolved', (error: { code?: string }) => error.code);

describe('memory source refuses a NUL character as the database does', () => {
  it('refuses it in a payload, as a value or a key, and stores nothing', async () => {
    const source = createMemorySource();
    expect(await codeOf(() => source.submit('export', { note: 'a\u0000b' }))).toBe('invalid_id');
    expect(await codeOf(() => source.submit('export', { ['k\u0000']: 1 }))).toBe('invalid_id');
    expect(await source.listTasks()).toEqual([]);
    // A backslash followed by the text u0000 is no NUL: jsonb keeps it.
    expect(await source.submit('export', { note: 'a\\u0000b' })).toMatchObject({ created: true, task: { payload: { note: 'a\\u0000b' } } });
  });

  // The task type is a text argument (submit_task's p_type, claim_task's p_type) or a text filter
  // (the active task, the list): 22021 as for any text, before the type is looked up (the
  // database never answers unknown_type for it), whether or not types are registered.
  it('refuses it in a task type, on submit, the active task, the list and a claim', async () => {
    for (const source of [createMemorySource(), createMemorySource({ types: { export: {} } })]) {
      expect(await codeOf(() => source.submit('exp\u0000ort', {}))).toBe('invalid_id');
      expect(await codeOf(() => source.fetchActiveTask('exp\u0000ort'))).toBe('invalid_id');
      expect(await codeOf(() => source.listTasks({ type: 'exp\u0000ort' }))).toBe('invalid_id');
      expect(await codeOf(() => source.worker.claim(null, 'exp\u0000ort'))).toBe('invalid_id');
      expect(await source.listTasks()).toEqual([]);
    }
  });

  it('refuses it in a result, a progress message and an error message, whoever sends it', async () => {
    const source = createMemorySource();
    const { task } = await source.submit('export', {});
    const { attempt } = source.worker.claim(task.id)!;
    expect(await codeOf(() => source.worker.heartbeat(task.id, attempt, 0.5, 'step\u0000'))).toBe('invalid_id');
    expect(await codeOf(() => source.worker.heartbeat(task.id, attempt + 1, null, 'step\u0000'))).toBe('invalid_id');
    expect(await codeOf(() => source.worker.fail(task.id, attempt, 'worker_error', 'boom\u0000'))).toBe('invalid_id');
    expect(await codeOf(() => source.worker.fail(task.id, attempt + 1, 'oops\u0000'))).toBe('invalid_id');
    expect(await codeOf(() => source.worker.complete(task.id, attempt, { text: '\u0000' }))).toBe('invalid_id');
    expect(source.getTask(task.id)).toMatchObject({ status: 'processing', progress: null, progress_message: null, heartbeat_at: null });
  });
});
