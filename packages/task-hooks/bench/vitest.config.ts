import { defineConfig } from 'vitest/config';

// The benchmarks run in vitest (jsdom, fake timers) but never as part of `pnpm test`.
export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['bench/**/*.run.tsx'],
    testTimeout: 120_000,
  },
});
