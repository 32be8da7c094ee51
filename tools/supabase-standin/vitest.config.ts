import { defineConfig } from 'vitest/config';
import { reporters } from '../vitest.shared';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    reporters: reporters(__dirname),
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
