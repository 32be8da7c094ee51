import { defineConfig } from 'vitest/config';
import { reporters } from '../vitest.shared';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    reporters: reporters(__dirname),
    // The soak test runs for about a minute on purpose; the rest are quick.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // One file at a time: the soak wants the machine's two cores to itself.
    fileParallelism: false,
  },
});
