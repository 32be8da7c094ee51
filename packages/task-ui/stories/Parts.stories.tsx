import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { StuckTaskWarning, TaskProgress, TaskStatusBadge, TaskTimeline, type DisplayState } from '@unstuck/task-ui';
import { states } from './fixtures';

const meta = { title: 'Parts' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const badgeStates: DisplayState[] = ['loading', 'pending', 'processing', 'cancelling', 'completed', 'failed', 'cancelled', 'not_found', 'unknown', 'error'];

export const Badges: Story = {
  render: () => (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {badgeStates.map((state) => <TaskStatusBadge key={state} state={state} />)}
      <TaskStatusBadge state="processing" health="slow" />
      <TaskStatusBadge state="pending" health="stuck" />
    </div>
  ),
};

export const Progress: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: 16 }}>
      <TaskProgress value={0.72} message="Encoding" elapsedMs={42_000} />
      <TaskProgress value={null} elapsedMs={3 * 3_600_000} />
    </div>
  ),
};

/** A worker's message with no place to break (a URL, a path), outside a card: it wraps within the bar's width. */
export const ProgressLongMessage: Story = {
  render: () => <TaskProgress value={0.3} message={`Uploading https://example.com/renders/${'3f2a1b2c9d8e'.repeat(8)}.png`} elapsedMs={42_000} />,
};

/** Tasks no worker has picked up yet: a still, empty bar that says so, not the "In progress" slide. */
export const ProgressWaiting: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: 16 }}>
      <TaskProgress status={states.pending} />
      <TaskProgress status={states.stuckPending} />
    </div>
  ),
};

export const Warnings: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: 12 }}>
      <StuckTaskWarning status={states.stuckPending} supportHref="/support" />
      <StuckTaskWarning health="slow" reason="no_heartbeat" />
      <StuckTaskWarning verdict="max_runtime" onRetry={() => {}} />
      {/* The reaper carried out the user's cancel: a neutral note, not a verdict. */}
      <StuckTaskWarning status={states.cancelledByReaper} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('You cancelled this task.')).toBeVisible();
    await expect(canvas.getByText('The worker did not respond, so the server carried out the cancellation.')).toBeVisible();
    await expect(canvas.queryAllByText('The server stopped this task')).toHaveLength(1); // max_runtime's only
  },
};

export const Timeline: Story = {
  render: () => (
    <TaskTimeline
      events={[
        { id: 1, actor: 'user', kind: 'submitted', reason: null, at: '2025-03-04T09:00:00.000Z' },
        { id: 2, actor: 'worker', kind: 'claimed', reason: null, at: '2025-03-04T09:00:05.000Z' },
        { id: 3, actor: 'reaper', kind: 'failed', reason: 'heartbeat_timeout', at: '2025-03-04T09:26:00.000Z' },
        { id: 4, actor: 'user', kind: 'retried', reason: '3f2a1b2c-9d8e-4f70-8a61-52b3c4d5e6f7', at: '2025-03-04T09:27:10.000Z' },
      ]}
    />
  ),
};

/** The retry's own trail; `taskHref` links the task it retries (8 characters shown, the whole id on focus and hover; unlinked, as in Timeline, it is whole). */
export const TimelineOfARetry: Story = {
  render: () => (
    <TaskTimeline
      taskHref={(id) => `#/tasks/${id}`}
      events={[
        { id: 5, actor: 'user', kind: 'submitted', reason: '6c1f3f5e-2a40-4c59-9a3e-0f1d2b7c9a10', at: '2025-03-04T09:27:10.000Z' },
        { id: 6, actor: 'worker', kind: 'claimed', reason: null, at: '2025-03-04T09:27:12.000Z' },
        { id: 7, actor: 'worker', kind: 'completed', reason: null, at: '2025-03-04T09:29:40.000Z' },
      ]}
    />
  ),
};

/** The trail is still being read (`events` undefined, as `useTaskEvents` gives it while loading): no "No events yet.". */
export const TimelineLoading: Story = {
  render: () => <TaskTimeline events={undefined} />,
  play: async ({ canvasElement }) => {
    const timeline = within(canvasElement).getByRole('region', { name: 'Task history' });
    await expect(timeline.getAttribute('aria-busy')).toBe('true');
    await expect(timeline.textContent).toContain('Loading history…');
    await expect(timeline.textContent).not.toContain('No events yet.');
  },
};

/** The trail could not be read (`useTaskEvents` reported an error): no "No events yet.". */
const reloadTimeline = fn();
export const TimelineLoadFailed: Story = {
  render: () => <TaskTimeline events={undefined} error={{ code: 'network', message: 'Failed to fetch' }} onReload={reloadTimeline} />,
  play: async ({ canvasElement }) => {
    reloadTimeline.mockClear();
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Try again' }));
    await expect(reloadTimeline).toHaveBeenCalledTimes(1);
  },
};

/** Try again failed too: the notice stays, and its live region says it again (a new error each time). */
function FailingAgain() {
  const [error, setError] = useState({ code: 'network', message: 'Failed to fetch' });
  // The read takes a moment, as over a network (Try again says it is busy meanwhile).
  const reload = () => new Promise((done) => setTimeout(done, 300)).then(() => setError({ ...error }));
  return <TaskTimeline events={undefined} error={error} onReload={reload} />;
}
export const TimelineLoadFailedAgain: Story = {
  render: () => <FailingAgain />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const region = canvas.getByRole('status');
    await waitFor(() => expect(region.textContent).toBe('The history could not be loaded.'));
    const line = region.firstElementChild;
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    // The same words, yet a new node in the region, so screen readers read them again.
    await waitFor(() => expect(region.firstElementChild).not.toBe(line));
    await expect(region.textContent).toBe('The history could not be loaded.');
  },
};

export const DarkScheme: Story = {
  render: () => (
    <div data-unstuck-theme="dark" style={{ background: '#0d0f12', padding: 12, display: 'grid', gap: 12 }}>
      <TaskProgress value={0.4} message="Rendering" elapsedMs={65_000} />
      <StuckTaskWarning status={states.stuckProcessing} supportHref="/support" />
      <StuckTaskWarning status={states.failedByReaper} />
    </div>
  ),
};
