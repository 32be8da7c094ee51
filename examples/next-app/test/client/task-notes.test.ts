import type { SubmitResult, TaskRow } from '@unstuck/task-hooks/core';
import { describe, expect, test } from 'vitest';
import { cancellingId, noteFor } from '../../app/components/task-notes';

const CANCELLED = '11111111-1111-4111-8111-111111111111';
const NEW = '22222222-2222-4222-8222-222222222222';

/** A new task's answer, made after the server reaped the caller's stale task `reaped`. */
function startedAfterReaping(reaped: string): SubmitResult {
  const task = { id: NEW, type: 'demo_image', status: 'pending', cancel_requested_at: null, retry_of: null } as unknown as TaskRow;
  return { task, created: true, reapedTaskId: reaped };
}

// A press of Generate right after a cancel's grace, before the reaper has run: submit_task ends the
// task itself (cancel_timeout) and starts the new one. The slot said the task "looked stuck" then,
// which is not what the user saw: they had cancelled it.
describe('noteFor, after the submit reaped a task', () => {
  test('names the cancel when the task reaped is the one the slot showed cancelling', () => {
    expect(noteFor(startedAfterReaping(CANCELLED), 'Image', null, CANCELLED)?.text).toBe(
      'The image task you cancelled had not stopped 5 s after your cancel, so the server ended it and started this one.',
    );
  });

  test('says the previous task looked stuck when no cancel was shown for it', () => {
    expect(noteFor(startedAfterReaping(CANCELLED), 'Image', null, null)?.text).toBe(
      'Your previous image task looked stuck, so the server stopped it and started this one.',
    );
    expect(noteFor(startedAfterReaping(CANCELLED), 'Image', null, NEW)?.text).toBe(
      'Your previous image task looked stuck, so the server stopped it and started this one.',
    );
  });
});

// A Retry on a task whose cancel ran out its grace (the card shows it stuck, with Retry): retry_task
// ends that task itself (cancel_timeout) and starts the retry. Its note is about the cancel too.
describe('noteFor, after a Retry reaped the task it was pressed on', () => {
  test('names the cancel when that task had a cancel request', () => {
    const cancelled = { id: CANCELLED, cancel_requested_at: '2026-12-06T01:00:00Z' };
    expect(noteFor(startedAfterReaping(CANCELLED), 'Image', CANCELLED, cancellingId(cancelled))?.text).toBe(
      'The image task you cancelled had not stopped 5 s after your cancel, so the server ended it and started this one.',
    );
  });

  test('says it looked stuck when it had none', () => {
    const stuck = { id: CANCELLED, cancel_requested_at: null };
    expect(noteFor(startedAfterReaping(CANCELLED), 'Image', CANCELLED, cancellingId(stuck))?.text).toBe(
      'Your previous image task looked stuck, so the server stopped it and started this one.',
    );
  });
});
