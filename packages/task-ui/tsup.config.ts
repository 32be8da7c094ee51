import { copyFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', connected: 'src/connected/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  treeshake: true,
  target: 'es2022',
  // Without the dev paths of tsconfig.json: the d.ts must import @unstuck/task-hooks by name, not inline it.
  tsconfig: 'tsconfig.build.json',
  external: ['react', 'react-dom', 'react/jsx-runtime', '@unstuck/task-hooks', '@tanstack/react-query'],
  // The stylesheet is plain CSS on custom properties: shipped as is, never bundled into JS.
  onSuccess: async () => {
    copyFileSync('src/styles.css', 'dist/styles.css');
  },
});
