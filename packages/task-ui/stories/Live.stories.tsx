import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { LiveDemo } from './LiveDemo';

const meta = {
  title: 'Live/Worker crashes, user recovers',
  component: LiveDemo,
  args: { timeScale: 1 },
} satisfies Meta<typeof LiveDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Watch it run: the worker goes silent at 50 %, the card warns (slow), then says stuck with
 * Cancel / Retry; at its next pass the reaper fails the task and the card shows the server's
 * verdict; Retry starts a new task that a healthy worker completes. The play function waits for
 * each of those, presses Retry on the verdict (the server is sure to accept it then, where a
 * press on the client's "stuck" can race the reaper's clock by a few ms) and checks focus.
 */
export const CrashThenRetry: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const scale = args.timeScale ?? 1;
    const card = await canvas.findByRole('article', {}, { timeout: 5_000 });
    const wait = (ms: number) => ({ timeout: ms * scale + 5_000 });
    await waitFor(() => expect(card.dataset.health).toBe('slow'), wait(10_000));
    await waitFor(() => expect(card.dataset.health).toBe('stuck'), wait(10_000));
    await waitFor(() => expect(card.dataset.state).toBe('failed'), wait(10_000));
    await expect(canvas.getByRole('region', { name: 'The server stopped this task' })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 2_000 * scale)); // a moment to read the verdict
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(card.dataset.state).toBe('completed'), wait(10_000));
    await expect(canvas.getByText(/lighthouse\.png/)).toBeTruthy();
    await expect(canvasElement.ownerDocument.activeElement).toBe(canvas.getByRole('heading', { level: 3 }));
  },
};
