// The same tests against the lowest peers we declare (React 18.2, TanStack Query 5.60,
// supabase-js 2.102; tools/peers-floor): a user on those gets whatever they do, and every other run
// uses the versions in devDependencies. test/peers-floor checks the aliases took.
import { defineConfig } from 'vitest/config';
import { peersFloorAliases } from '../../tools/peers-floor/aliases';
import { reporters } from '../../tools/vitest.shared';

export default defineConfig({
  resolve: { alias: peersFloorAliases },
  test: {
    environment: 'node',
    include: ['test/peers-floor/**/*.test.{ts,tsx}', 'test/react/**/*.test.{ts,tsx}', 'test/sources/**/*.test.{ts,tsx}'],
    reporters: reporters(__dirname),
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
