import { defineConfig } from 'vitest/config';
import { reporters } from '../../tools/vitest.shared';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.{ts,tsx}'],
    // Run only by vitest.peers-floor.config.ts, where the peers resolve to their floor copies.
    exclude: ['test/peers-floor/**', '**/node_modules/**'],
    reporters: reporters(__dirname),
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
