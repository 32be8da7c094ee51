// The tests against the lowest peers we declare (React 18.2, TanStack Query 5.60.2,
// supabase-js 2.102.0; tools/peers-floor): a user on those gets whatever they do, and every other
// run uses the versions in devDependencies. test/peers-floor checks the aliases took.
//
// `pnpm test` runs the files below, not all of test/react and test/sources: the whole set takes
// about 3.5 minutes here, most of it a jsdom start per file. These are the ones that lean on
// TanStack behaviour that changed within 5.x (the option overrides in row-query.ts, retryOnMount,
// HydrationBoundary and dehydrate, focus and online managers, in-flight reads found through the
// query cache, structural sharing keeping identical rows unrendered, mutation resets), on
// useSyncExternalStore and act under React 18, and on supabase-js itself (the floor's request
// serialization found a bug). `UNSTUCK_PEERS_FLOOR=all` runs all of test/react and test/sources.
import { defineConfig } from 'vitest/config';
import { peersFloorAliases } from '../../tools/peers-floor/aliases';
import { reporters } from '../../tools/vitest.shared';

const react = (names: string[]) => names.map((name) => `test/react/${name}.test.tsx`);
const subset = [
  ...react(['host-query-defaults', 'query-client-provider-inside', 'row-retry-on-mount', 'trail-retry-on-mount']),
  ...react(['hydration-boundary-recipe', 'hydrated-stale-row', 'ssr', 'polling', 'active-task-focus', 'offline-side-reads']),
  ...react(['hung-read-hints', 'resync-after-join', 'use-task-status', 'lifecycle', 'actions', 'submit-reset', 'switch-user']),
  'test/sources/supabase-source.test.ts',
  'test/sources/supabase-hooks.test.tsx',
];
const all = ['test/react/**/*.test.{ts,tsx}', 'test/sources/**/*.test.{ts,tsx}'];

export default defineConfig({
  resolve: { alias: peersFloorAliases },
  test: {
    environment: 'node',
    include: ['test/peers-floor/**/*.test.{ts,tsx}', ...(process.env.UNSTUCK_PEERS_FLOOR === 'all' ? all : subset)],
    reporters: reporters(__dirname, 'peers-floor'),
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
