import { defineConfig } from 'vitest/config';
import { reporters } from '../vitest.shared';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    reporters: reporters(__dirname),
    // Packing and installing happen once, in beforeAll; tsc runs twice.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
