'use client';

import { useTasks, type TaskSummary } from '@unstuck/task-hooks';
import { defaultMessages, TaskStatusBadge, type ReaperCode } from '@unstuck/task-ui';
import Link from 'next/link';
import { useTaskIds } from '../../lib/client/listing';
import { ListUnavailable } from './ListUnavailable';
import { typeLabel } from '../../lib/demo-types';
import { HISTORY_LIMIT } from '../../lib/history';
import { taskScenarioLabel } from '../../lib/scenarios';

/**
 * The Detail cell in words: the worker's progress message only while the task runs (a finished
 * task's last one, "Saving", would read as still running), and for a failure the card's own
 * wording: task-ui's verdict for a reaper code, else the row's message, never the raw code.
 */
function detail({ task, isTerminal }: TaskSummary): string {
  if (!task) return '';
  if (!isTerminal) return task.progress_message ?? '';
  const code = task.error_code;
  if (code && code in defaultMessages.verdicts) return defaultMessages.verdicts[code as ReaperCode];
  if (task.status !== 'failed') return '';
  return task.error_message || defaultMessages.errorFallback;
}

const time = (iso: string | undefined) => (iso ? new Date(iso).toLocaleTimeString() : '');

/**
 * Every task in one table, watched by the many-task hook: one batched request per tick and one
 * shared change stream for all rows, however many there are.
 */
export function HistoryList({ ids: known }: { ids: readonly string[] | null }) {
  const { ids, failure, retryNow } = useTaskIds(known, { limit: HISTORY_LIMIT });
  const { tasks, connection } = useTasks(ids ?? []);
  if (ids === null && failure) return <ListUnavailable failure={failure} onRetry={retryNow} />;
  if (ids === null) return <p className="panel note">Loading your tasks…</p>;
  if (ids.length === 0) {
    return (
      <p className="panel empty">
        No tasks yet. Start one on the <Link href="/">generator</Link>.
      </p>
    );
  }
  return (
    <>
      {/* The live region is always in the page, so the notice put into it is read out (a region
          inserted together with its text often is not). */}
      <div role="status" data-testid="history-connection">
        {connection === 'offline' && (
          <p className="note" data-testid="history-offline">
            No connection to the server: these rows show the last known state, and a running task may look slow
            only because no news can arrive. They update again when the connection returns.
          </p>
        )}
      </div>
      {/* Wider than a phone: the table scrolls inside its own labelled, focusable region, not the page. */}
      <div className="history-scroll" role="region" aria-label="Your tasks" tabIndex={0}>
        <table className="history">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Type</th>
              <th scope="col">Scenario</th>
              <th scope="col">Status</th>
              <th scope="col">Detail</th>
              <th scope="col">
                <span className="visually-hidden">Link</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((summary) => (
              <tr key={summary.id} data-testid="history-row" data-task-id={summary.id}>
                <td>{time(summary.task?.created_at)}</td>
                <td>{typeLabel(summary.task?.type)}</td>
                <td>{taskScenarioLabel(summary.task) ?? '—'}</td>
                <td>
                  <TaskStatusBadge status={summary} />
                </td>
                <td className="hint">{detail(summary)}</td>
                <td>
                  <Link href={`/tasks/${summary.id}`}>Open</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
