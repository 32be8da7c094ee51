import { copyFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

// esbuild keeps one `import` statement per importing module for an external package, so each
// component's automatic-JSX import of react/jsx-runtime was repeated in the built entry (≈70
// bytes min+gzip of the 6 kB budget). Routed through one virtual module, the built files import
// it once (src/internal/react.ts does the same for React's hooks).
const oneJsxRuntimeImport: Plugin = {
  name: 'one-jsx-runtime-import',
  setup(build) {
    build.onResolve({ filter: /^react\/jsx-runtime$/ }, (args) =>
      args.namespace === 'jsx-runtime' ? { path: args.path, external: true } : { path: args.path, namespace: 'jsx-runtime' });
    build.onLoad({ filter: /.*/, namespace: 'jsx-runtime' }, () => ({ contents: "export { Fragment, jsx, jsxs } from 'react/jsx-runtime';" }));
  },
};

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
  // tsup's own external check (which runs first, and counts 'react/jsx-runtime' under 'react')
  // leaves the runtime to the plugin, which keeps it external.
  noExternal: ['react/jsx-runtime'],
  esbuildPlugins: [oneJsxRuntimeImport],
  // Every component uses context, state or effects: both entries (and their shared chunk) are
  // client modules, so a Server Component can render them (Next.js makes the entry a client
  // boundary) instead of failing with "createContext only works in Client Components".
  banner: { js: '"use client";' },
  // The stylesheet is plain CSS on custom properties: shipped as is, never bundled into JS.
  onSuccess: async () => {
    copyFileSync('src/styles.css', 'dist/styles.css');
  },
});
