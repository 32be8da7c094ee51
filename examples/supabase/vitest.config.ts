import { defineConfig } from 'vitest/config';
import { reporters } from '../../tools/vitest.shared';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    reporters: reporters(__dirname),
    // The suites wait on PostgreSQL, not on the CPU: run files side by side, so that the pg_cron
    // test's wait for the next minute overlaps the others.
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
