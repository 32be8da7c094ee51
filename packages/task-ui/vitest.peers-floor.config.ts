// The jsdom tests against the lowest peers we declare (React 18.2, TanStack Query 5.60;
// tools/peers-floor): every other run uses the versions in devDependencies. The Chromium pass over
// Storybook stays on those. test/peers-floor checks the aliases took.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { peersFloorAliases } from '../../tools/peers-floor/aliases';
import { reporters } from '../../tools/vitest.shared';
import { workspaceAliases } from './workspace-aliases.ts';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: [...workspaceAliases, ...peersFloorAliases] },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    // stories.test.tsx renders through @storybook/react, which brings its own React 19 renderer (the
    // elements would come from two Reacts); the components it covers are the other files' subject.
    exclude: ['test/browser/**', 'test/stories.test.tsx', '**/node_modules/**'],
    setupFiles: ['test/setup.ts'],
    reporters: reporters(__dirname),
    testTimeout: 20_000,
  },
});
