'use client';

import { useActiveTask, useSubmitTask, useTaskStatus } from '@unstuck/task-hooks';
import { TaskCard } from '@unstuck/task-ui';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useNewerTask, useTaskIds } from '../../lib/client/listing';
import type { DemoTaskType } from '../../lib/demo-types';
import { SCENARIOS, taskScenarioLabel, type DemoPayload, type ScenarioId } from '../../lib/scenarios';
import { renderDemoResult } from './result';
import { cancellingId, noteFor, noteText, type Note } from './task-notes';

export interface GeneratorSlotProps {
  type: DemoTaskType;
  scenario: ScenarioId;
  /** The user's latest task of this type, prefetched by the server (null when none); undefined when the server could not look, so the slot looks itself. */
  initialTaskId: string | null | undefined;
}

/** One task type: a button that submits, and the card of the task it is following. */
export function GeneratorSlot({ type, scenario, initialTaskId }: GeneratorSlotProps) {
  const [chosenId, setTaskId] = useState<string | null | undefined>(initialTaskId);
  // Undefined until known: the server could not look (Supabase mode), so the browser lists the
  // latest task of this type; once the server knew, or the user submitted, there is nothing to list.
  const latest = useTaskIds(null, { type: type.type, limit: 1 }, chosenId === undefined).ids;
  const taskId = chosenId === undefined ? (latest?.[0] ?? null) : chosenId;
  const [note, setNote] = useState<Note | null>(null);
  const { submit, isPending, error } = useSubmitTask<DemoPayload>(type.type);
  const status = useTaskStatus(taskId, {
    onRetry: (result) => {
      setTaskId(result.task.id);
      setNote(noteFor(result, type.label, taskId, cancellingId(status.task)));
    },
  });

  // A task of this type started elsewhere (another tab, another page of this tab): the active task
  // is read again when this tab becomes visible (TanStack's focus refetch), and the slot follows it
  // when it has nothing live to show, rather than saying "No image task yet" while one runs.
  const activeId = useActiveTask(type.type).task?.id ?? null;
  const idle = taskId === null || status.isTerminal;
  useEffect(() => {
    if (activeId && activeId !== taskId && idle) {
      setTaskId(activeId);
      setNote(null);
    }
  }, [activeId, taskId, idle]);
  // A newer task that has already ended (a retry pressed on the task's own page, then Back): the
  // active task above cannot show it, so the slot looks for it while it shows none or an ended one.
  const newerId = useNewerTask(type.type, taskId, status.task, status.isTerminal);
  useEffect(() => {
    if (newerId) {
      setTaskId(newerId);
      setNote(null);
    }
  }, [newerId]);

  // About the task the slot shows: it may change once that task has ended (see task-notes.ts).
  const shownNote = noteText(note, status.isTerminal);

  const start = async () => {
    if (isPending) return; // aria-disabled, not disabled: a press while one is out is ignored here
    setNote(null);
    const cancelling = cancellingId(status.task);
    const result = await submit({ scenario }); // undefined on failure: `error` says why
    if (!result) return;
    setTaskId(result.task.id);
    setNote(noteFor(result, type.label, null, cancelling));
  };

  return (
    <section className="panel generator" data-testid={`slot-${type.type}`} aria-labelledby={`${type.type}-heading`}>
      <h2 id={`${type.type}-heading`}>{type.label}</h2>
      <div className="submit-row">
        {/* aria-disabled, as task-ui's Cancel/Retry: `disabled` would drop keyboard focus to <body> while the request runs. */}
        <button type="button" className="primary" onClick={start} aria-disabled={isPending || undefined}>
          {type.action}
        </button>
        <span className="hint">Worker: {SCENARIOS.find((s) => s.id === scenario)?.label}</span>
      </div>
      {error && (
        <p className="note" data-kind="error" role="alert">
          Could not start: {error.message}
        </p>
      )}
      {/* Always in the page, so a note put into it is read out: pressing the button again while a
          task runs changes nothing else, and focus stays on the button, so it was said to nobody. */}
      <div role="status">
        {shownNote && (
          <p className="note" data-kind="info">
            {shownNote}
          </p>
        )}
      </div>
      {taskId ? (
        <TaskCard status={status} title={status.task ? `${type.label}: ${taskScenarioLabel(status.task)}` : type.label} headingLevel={3} renderResult={renderDemoResult}>
          <p className="note">
            <Link href={`/tasks/${taskId}`}>Details and timeline</Link>
          </p>
        </TaskCard>
      ) : (
        <p className="empty">No {type.label.toLowerCase()} task yet. Pick a scenario above and press the button.</p>
      )}
    </section>
  );
}
