import type { SubscribeHandlers, TaskRow, TaskSource } from '@unstuck/task-hooks/core';
import { describe, expect, test } from 'vitest';
import { redeliverHintsAfterReads } from '../../lib/client/rehint';

const ID = '7a5c0000-0000-4000-8000-000000000001';
const OTHER = '7a5c0000-0000-4000-8000-000000000002';

/** A source whose reads stay open until the test ends them, and whose hints the test sends. */
function manualSource() {
  const reads: Array<() => void> = [];
  let handlers: SubscribeHandlers | null = null;
  const source = {
    kind: 'manual',
    fetchTasks: () => new Promise<TaskRow[]>((resolve) => reads.push(() => resolve([]))),
    subscribe(h: SubscribeHandlers) {
      handlers = h;
      return () => (handlers = null);
    },
  } as unknown as TaskSource;
  return { source, reads, hint: (ids: string[] | 'all') => handlers?.onHint(ids) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('redeliverHintsAfterReads', () => {
  test('a hint that lands during a read of that task is delivered again once the read settles', async () => {
    const manual = manualSource();
    const wrapped = redeliverHintsAfterReads(manual.source);
    const heard: Array<readonly string[] | 'all'> = [];
    wrapped.subscribe!({ onHint: (ids) => heard.push(ids), onConnection: () => undefined });
    const read = wrapped.fetchTasks([ID]);
    manual.hint([ID, OTHER]); // OTHER is not being read: no second delivery for it
    expect(heard).toEqual([[ID, OTHER]]);
    manual.reads[0]!();
    await read;
    await tick();
    expect(heard).toEqual([[ID, OTHER], [ID]]);
  });

  test('hints outside reads, and "all", are passed on once', async () => {
    const manual = manualSource();
    const wrapped = redeliverHintsAfterReads(manual.source);
    const heard: Array<readonly string[] | 'all'> = [];
    const stop = wrapped.subscribe!({ onHint: (ids) => heard.push(ids), onConnection: () => undefined });
    manual.hint([ID]);
    const read = wrapped.fetchTasks([ID]);
    manual.hint('all');
    manual.reads[0]!();
    await read;
    await tick();
    expect(heard).toEqual([[ID], 'all']);
    stop();
    manual.hint([ID]);
    expect(heard).toHaveLength(2);
  });
});
