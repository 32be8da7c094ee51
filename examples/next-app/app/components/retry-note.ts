import { useEffect, useState } from 'react';
import type { Note } from './task-notes';

/**
 * Why a Retry opened a task that is not a new retry (the type's active task, or the retry the task
 * already had), handed from the page the Retry was pressed on to the page of the task it opened.
 * Module state: the two pages are two mounts, with a navigation between them.
 */
let handedOff: { taskId: string; note: Note } | null = null;

/** Leaves `note` (or none) for the page of `taskId`, which the Retry is about to open. */
export function handOffRetryNote(taskId: string, note: Note | null): void {
  handedOff = note && { taskId, note };
}

/**
 * The note handed to the page of `id`, taken once after it mounts: set into a live region that is
 * already in the page (a region inserted together with its text is often not read). Kept in state,
 * so StrictMode's second run of the effect (`next dev`), which finds it taken, keeps it shown.
 * Another task's page starts without one.
 */
export function useHandedRetryNote(id: string): Note | null {
  const [held, setHeld] = useState<{ taskId: string; note: Note } | null>(null);
  useEffect(() => {
    if (handedOff?.taskId === id) setHeld(handedOff);
    handedOff = null;
  }, [id]);
  return held?.taskId === id ? held.note : null;
}
