// The jsdom tests against the lowest peers we declare (React 18.2, TanStack Query 5.60.2;
// tools/peers-floor): every other run uses the versions in devDependencies. The Chromium pass over
// Storybook stays on those. test/peers-floor checks the aliases took.
//
// `pnpm test` runs the files below, not every jsdom test: all of them take about 2 minutes here,
// most of it a jsdom start per file. These lean on what differs under React 18: refs through
// forwardRef, server rendering and hydration (useId), StrictMode's double effects, memo keeping
// unchanged cards unrendered, every card state, the live region's layout effects, focus moved on
// state changes, and the connected components on TanStack 5.60. `UNSTUCK_PEERS_FLOOR=all` runs
// every jsdom test.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { peersFloorAliases } from '../../tools/peers-floor/aliases';
import { reporters } from '../../tools/vitest.shared';
import { workspaceAliases } from './workspace-aliases.ts';

const subset = [
  ...['card-ref', 'card-states', 'stuck-warning', 'ssr-hydrate', 'ssr-timeline', 'strict-mode', 'rerender', 'announcer'],
  ...['focus', 'warning-focus', 'action-error', 'connected', 'connected-card-missing-task', 'connected-timeline-error'],
];

export default defineConfig({
  plugins: [react()],
  resolve: { alias: [...workspaceAliases, ...peersFloorAliases] },
  test: {
    environment: 'jsdom',
    include: ['test/peers-floor/**/*.test.tsx', ...(process.env.UNSTUCK_PEERS_FLOOR === 'all' ? ['test/**/*.test.{ts,tsx}'] : subset.map((name) => `test/${name}.test.tsx`))],
    // stories.test.tsx renders through @storybook/react, which brings its own React 19 renderer (the
    // elements would come from two Reacts); the components it covers are the other files' subject.
    exclude: ['test/browser/**', 'test/stories.test.tsx', '**/node_modules/**'],
    setupFiles: ['test/setup.ts'],
    reporters: reporters(__dirname, 'peers-floor'),
    testTimeout: 20_000,
  },
});
