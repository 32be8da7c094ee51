'use client';

import { useTaskEvents, useTaskStatus } from '@unstuck/task-hooks';
import { TaskCard, TaskTimeline } from '@unstuck/task-ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { typeLabel } from '../../lib/demo-types';
import { RETRY_DESCRIPTION, SCENARIOS, scenarioRun, taskScenarioLabel } from '../../lib/scenarios';
import { renderDemoResult } from './result';
import { handOffRetryNote, useHandedRetryNote } from './retry-note';
import { cancellingId, noteFor, noteText } from './task-notes';

const taskPath = (taskId: string) => `/tasks/${taskId}`;

/**
 * The task a Retry on this page moved to. The Retry button pressed is gone from the new task's
 * card (and the page is a new one), so focus would fall to <body>: the new card's heading takes
 * it instead (TaskCard's heading has tabIndex=-1 for this). Module state: it has to outlive the page.
 */
let focusAfterRetry: string | null = null;

/** One task's card, kept live, and its audit trail, read again whenever the task's status changes. */
export function TaskView({ id }: { id: string }) {
  const router = useRouter();
  const status = useTaskStatus(id, {
    onRetry: (result) => {
      focusAfterRetry = result.task.id;
      handOffRetryNote(result.task.id, noteFor(result, typeLabel(result.task.type), id, cancellingId(status.task)));
      router.push(taskPath(result.task.id));
    },
  });
  const view = useRef<HTMLDivElement>(null);
  const note = useHandedRetryNote(id);
  useEffect(() => {
    if (focusAfterRetry !== id) return;
    focusAfterRetry = null;
    view.current?.querySelector<HTMLElement>('.unstuck-card-title')?.focus();
  }, [id]);
  const shownNote = noteText(note, status.isTerminal);
  const task = status.task;
  // A task that is not there (or not this user's) has no history to show: its read is switched off,
  // so its events would stay undefined, which the timeline shows as "Loading history…" for good.
  const found = status.status !== 'not_found';
  // Read again when the status changes or a cancel is requested (what writes an event), not at every heartbeat.
  // Until the first read settles the timeline says "Loading history…" (also in the server HTML).
  const events = useTaskEvents(id, { enabled: found });
  // A retry runs the succeeding script whatever its payload says (lib/scenarios.ts: scenarioRun).
  const scenario = task ? SCENARIOS.find((s) => s.id === scenarioRun(task.payload, !!task.retry_of)) : undefined;

  return (
    <div data-testid="task-view" ref={view}>
      <h1>Task</h1>
      <p className="lead">
        <span className="mono">{id}</span>
        {scenario && (
          <>
            <br />
            Scenario: <strong>{taskScenarioLabel(task)}</strong>. {task?.retry_of ? RETRY_DESCRIPTION : scenario.description}
          </>
        )}
      </p>
      <div role="status" data-testid="task-note">
        {shownNote && (
          <p className="note" data-kind="info">
            {shownNote}
          </p>
        )}
      </div>
      <TaskCard status={status} title={task ? `${typeLabel(task.type)} task` : 'Task'} headingLevel={2} renderResult={renderDemoResult}>
        {task?.retry_of && (
          <p className="note">
            Retry of <Link href={`/tasks/${task.retry_of}`}>an earlier task</Link>.
          </p>
        )}
      </TaskCard>
      {found && (
        <div className="panel">
          {/* A retry's entries link the other task to its page here, through next/link: no full page load. */}
          <TaskTimeline events={events.events} error={events.error} onReload={events.refetch} headingLevel={2} taskHref={taskPath} linkAs={Link} />
        </div>
      )}
    </div>
  );
}
