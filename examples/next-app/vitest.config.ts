import { defineConfig } from 'vitest/config';
import { reporters } from '../../tools/vitest.shared';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: reporters(__dirname),
    // One production build is shared by every browser suite (built once in globalSetup).
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // Two cores: the browser suites each start a server and a Chromium; run files one by one.
    fileParallelism: false,
  },
});
