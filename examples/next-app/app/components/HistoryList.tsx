'use client';

import { useTaskStatus } from '@unstuck/task-hooks';
import { TaskStatusBadge } from '@unstuck/task-ui';
import Link from 'next/link';
import { typeLabel } from '../../lib/demo-types';
import { SCENARIOS } from '../../lib/scenarios';

const time = (iso: string | undefined) => (iso ? new Date(iso).toLocaleTimeString() : '');

/*
 * One row per task. Each row watches its task with useTaskStatus; the hooks coalesce every row's
 * poll into one batched request per tick and share one change stream, so fifty rows cost one
 * request, not fifty.
 */
function HistoryRow({ id }: { id: string }) {
  const status = useTaskStatus(id);
  const task = status.task;
  const scenario = SCENARIOS.find((s) => s.id === (task?.payload as { scenario?: string } | undefined)?.scenario);
  return (
    <tr data-testid="history-row" data-task-id={id}>
      <td>{time(task?.created_at)}</td>
      <td>{typeLabel(task?.type)}</td>
      <td>{scenario?.label ?? '—'}</td>
      <td>
        <TaskStatusBadge status={status} />
      </td>
      <td className="hint">{task?.error_code ?? task?.progress_message ?? ''}</td>
      <td>
        <Link href={`/tasks/${id}`}>Open</Link>
      </td>
    </tr>
  );
}

export function HistoryList({ ids }: { ids: readonly string[] }) {
  if (ids.length === 0) {
    return (
      <p className="panel empty">
        No tasks yet. Start one on the <Link href="/">generator</Link>.
      </p>
    );
  }
  return (
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
        {ids.map((id) => (
          <HistoryRow key={id} id={id} />
        ))}
      </tbody>
    </table>
  );
}
