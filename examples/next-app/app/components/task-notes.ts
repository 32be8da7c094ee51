import { isCancelRequested, type SubmitResult, type TaskRow } from '@unstuck/task-hooks/core';
import { DEMO_THRESHOLDS_SECONDS } from '../../lib/demo-types';

/** A sentence saying what a press did, when the task it shows is not simply a new one. */
export interface Note {
  text: string;
  /**
   * What it says once the task shown has ended: null hides it (it was only true while the task
   * was active), undefined keeps `text`.
   */
  ended?: string | null;
}

/**
 * The id of `task` when a cancel was requested for it: the task a press may find the server ended
 * for its cancel's grace. Whatever its status now: the row a Retry's callback sees may already be
 * the ended one.
 */
export function cancellingId(task: Pick<TaskRow, 'id' | 'cancel_requested_at'> | null | undefined): string | null {
  return task?.cancel_requested_at ? task.id : null;
}

/** What a note says now: its text, or its `ended` text once the task shown has ended. */
export function noteText(note: Note | null, taskEnded: boolean): string | null {
  if (!note) return null;
  return taskEnded && note.ended !== undefined ? note.ended : note.text;
}

/**
 * Says what a submit, or a Retry of the task `retried`, did: a new task, the task's earlier retry
 * (retried in another tab: a task is retried once), the active one instead (still stopping after
 * a cancel, or running), or a stuck one replaced. `cancelling`: the task the page showed with a
 * cancel request when the user pressed, if any.
 */
export function noteFor(result: SubmitResult, label: string, retried: string | null = null, cancelling: string | null = null): Note | null {
  const type = label.toLowerCase();
  const grace = `${DEMO_THRESHOLDS_SECONDS.cancelGrace} s`;
  if (!result.created && retried !== null && result.task.retry_of === retried) {
    return { text: 'This task had already been retried (in another tab?), so here is that retry instead of a second run.' };
  }
  // A cancel is a request: the row stays active until the worker acknowledges it or the reaper
  // ends it after the type's grace, and a submit made after that grace ends it itself (submit_task
  // reaps the caller's stale task), so a new one can start by then at the latest.
  if (!result.created && isCancelRequested(result.task)) {
    return {
      text: `The ${type} task you cancelled is still stopping: one at a time, so a new one can start once it has, at the latest ${grace} after your cancel.`,
      ended: `The ${type} task you cancelled has ended: you can start a new one now.`,
    };
  }
  if (!result.created) {
    // After a Retry the user sees another task than the one they pressed it on: say that no retry started.
    const outcome = retried === null ? 'here it is' : 'Retry opened it instead of starting another';
    return { text: `You already have an active ${type} task: one at a time, so ${outcome}.`, ended: null };
  }
  // Pressed after the grace, before the reaper's next round: the submit (or the Retry, of a task
  // whose cancel ran out its grace, which shows stuck) ended the task itself.
  if (result.reapedTaskId !== null && result.reapedTaskId === cancelling) {
    return { text: `The ${type} task you cancelled had not stopped ${grace} after your cancel, so the server ended it and started this one.` };
  }
  if (result.reapedTaskId) {
    return { text: `Your previous ${type} task looked stuck, so the server stopped it and started this one.` };
  }
  return null;
}
