import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { reporters } from '../../tools/vitest.shared';
import { workspaceAliases } from './workspace-aliases.ts';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: workspaceAliases },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    // test/peers-floor runs only under vitest.peers-floor.config.ts, where the peers are the floor copies.
    exclude: ['test/browser/**', 'test/peers-floor/**', '**/node_modules/**'],
    setupFiles: ['test/setup.ts'],
    reporters: reporters(__dirname),
    testTimeout: 20_000,
  },
});
