import type { Preview } from '@storybook/react-vite';
import '@unstuck/task-ui/styles.css';
import './preview.css';

const preview: Preview = {
  parameters: { layout: 'padded' },
  decorators: [
    (Story) => (
      <main style={{ maxWidth: 440, fontFamily: 'system-ui, sans-serif' }}>
        <Story />
      </main>
    ),
  ],
};

export default preview;
