import { defineConfig } from 'vitest/config';
import { reporters } from '../../tools/vitest.shared';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    reporters: reporters(__dirname),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
