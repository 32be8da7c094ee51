import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { TaskAnnouncer, TaskCard } from '@unstuck/task-ui';
import { states, videoExportWithProgress } from './fixtures';

const meta = {
  title: 'TaskCard/States',
  component: TaskCard,
  args: { status: states.pending, supportHref: '/support', onCancel: fn(), onRetry: fn() },
} satisfies Meta<typeof TaskCard>;

export default meta;
type Story = StoryObj<typeof meta>;

const clickAndExpect = (name: 'Cancel' | 'Retry'): Story['play'] => async ({ canvasElement, args }) => {
  await userEvent.click(within(canvasElement).getByRole('button', { name }));
  await expect(name === 'Cancel' ? args.onCancel : args.onRetry).toHaveBeenCalledTimes(1);
};

export const Loading: Story = { args: { status: states.loading } };
export const Pending: Story = { args: { status: states.pending }, play: clickAndExpect('Cancel') };
export const ProcessingWithProgress: Story = { args: { status: states.processingWithProgress }, play: clickAndExpect('Cancel') };
export const ProcessingWithoutProgress: Story = { args: { status: states.processingWithoutProgress } };
export const Slow: Story = { args: { status: states.slow } };
export const StuckPending: Story = { args: { status: states.stuckPending }, play: clickAndExpect('Retry') };
export const StuckProcessing: Story = { args: { status: states.stuckProcessing }, play: clickAndExpect('Cancel') };
export const RunningTooLong: Story = { args: { status: states.runningTooLong } };
export const Cancelling: Story = { args: { status: states.cancelling } };
export const CancelNotAcknowledged: Story = { args: { status: states.cancelNotAcknowledged } };
export const Cancelled: Story = { args: { status: states.cancelled }, play: clickAndExpect('Retry') };
// The user cancelled, the worker never answered, the reaper finished it (cancel_timeout): told as
// the user's cancellation carried out, with no red "The server stopped this task" box.
export const CancelledByReaper: Story = {
  args: { status: states.cancelledByReaper },
  play: async (context) => {
    const canvas = within(context.canvasElement);
    await expect(canvas.getByText('You cancelled this task.')).toBeVisible();
    await expect(canvas.getByText('The worker did not respond, so the server carried out the cancellation.')).toBeVisible();
    await expect(canvas.queryByRole('region', { name: 'The server stopped this task' })).toBeNull();
    await clickAndExpect('Retry')!(context);
  },
};
export const FailedByWorker: Story = { args: { status: states.failedByWorker }, play: clickAndExpect('Retry') };
export const FailedByReaper: Story = { args: { status: states.failedByReaper }, play: clickAndExpect('Retry') };
export const Completed: Story = { args: { status: states.completed } };
export const NotFound: Story = { args: { status: states.notFound } };
export const Offline: Story = { args: { status: states.offline } };
export const ErrorState: Story = { name: 'Error', args: { status: states.error } };
// Two running tasks at the same percent, as in a dashboard's list: each bar is named after its
// card ("Image generation Progress", "Video export Progress"), not "Progress" twice.
export const TwoInAList: Story = {
  name: 'Two in a list',
  render: () => (
    <TaskAnnouncer>
      <div style={{ display: 'grid', gap: 12 }}>
        <TaskCard status={states.processingWithProgress} />
        <TaskCard status={videoExportWithProgress} />
      </div>
    </TaskAnnouncer>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('progressbar', { name: 'Image generation Progress' })).toBeVisible();
    await expect(canvas.getByRole('progressbar', { name: 'Video export Progress' })).toBeVisible();
  },
};
