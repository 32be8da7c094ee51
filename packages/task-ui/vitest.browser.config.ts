import { defineConfig } from 'vitest/config';
import { reporters } from '../../tools/vitest.shared';

// The Chromium pass over the built Storybook; runs after `storybook build`.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/browser/**/*.browser.test.ts'],
    reporters: reporters(__dirname),
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
