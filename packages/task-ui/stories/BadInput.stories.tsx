import type { Meta, StoryObj } from '@storybook/react-vite';
import { TaskCard } from '@unstuck/task-ui';
import { badInput } from './fixtures';

const meta = {
  title: 'TaskCard/Bad input',
  component: TaskCard,
  args: { status: badInput.unknownStatus },
} satisfies Meta<typeof TaskCard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const UnknownStatus: Story = {};
export const MissingTimestamps: Story = { args: { status: badInput.missingTimestamps } };
export const AbsurdProgress: Story = { args: { status: badInput.progressSeven } };
export const ErrorWithoutMessage: Story = { args: { status: badInput.errorWithoutMessage } };
export const VeryLongMessages: Story = { args: { status: badInput.veryLongMessages } };
export const VeryLongResult: Story = { args: { status: badInput.veryLongResult } };
export const VeryLongProgressMessage: Story = { args: { status: badInput.veryLongProgressMessage } };
