import { copyFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', connected: 'src/connected/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  // Rollup's tree-shaking pass drops module-level directives (the banner below); esbuild's own keeps it.
  treeshake: false,
  target: 'es2022',
  // Without the dev paths of tsconfig.json: the d.ts must import @unstuck/task-hooks by name, not inline it.
  tsconfig: 'tsconfig.build.json',
  external: ['react', 'react-dom', 'react/jsx-runtime', '@unstuck/task-hooks', '@tanstack/react-query'],
  // Every component uses context, state or effects: both entries (and their shared chunk) are
  // client modules, so a Server Component can render them (Next.js makes the entry a client
  // boundary) instead of failing with "createContext only works in Client Components".
  banner: { js: '"use client";' },
  // The stylesheet is plain CSS on custom properties: shipped as is, never bundled into JS.
  onSuccess: async () => {
    copyFileSync('src/styles.css', 'dist/styles.css');
  },
});
