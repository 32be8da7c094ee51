import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

// esbuild keeps one `import` statement per importing module for an external package, so each
// component's automatic-JSX import of react/jsx-runtime was repeated in the built entry (≈70
// bytes min+gzip of the 6 kB budget). Routed through one virtual module, the built files import
// it once (src/internal/react.ts does the same for React's hooks). The module declares its own
// consts from the runtime's functions: a bundler that turns the external import into a CommonJS
// object (size-limit's esbuild, webpack) then calls `jsx(…)`, not `(0, runtime.jsx)(…)` at each
// of the ≈70 elements (8 bytes min+gzip).
const oneJsxRuntimeImport: Plugin = {
  name: 'one-jsx-runtime-import',
  setup(build) {
    build.onResolve({ filter: /^react\/jsx-runtime$/ }, (args) =>
      args.namespace === 'jsx-runtime' ? { path: args.path, external: true } : { path: args.path, namespace: 'jsx-runtime' });
    build.onLoad({ filter: /.*/, namespace: 'jsx-runtime' }, () => ({ contents: "import { Fragment as F, jsx as j, jsxs as s } from 'react/jsx-runtime'; export const Fragment = F, jsx = j, jsxs = s;" }));
  },
};

// The ESM build puts what both entries use into one shared chunk, so each React context
// (TaskMessagesProvider's, TaskAnnouncer's) is created once. The CJS build has no chunks (tsup's
// `splitting` for cjs runs the output through sucrase, which downlevels optional chaining and
// moves the "use client" banner below a helper, where it is no longer a directive), so
// connected.cjs carried its own copy of the contexts: a CommonJS consumer (Jest through
// next/jest) wrapping ConnectedTaskCard in TaskMessagesProvider or TaskAnnouncer from the main
// entry had both ignored. In the CJS build only, connected/* takes the modules src/index.ts
// re-exports (TaskCard, TaskTimeline …) from the built main entry instead of bundling them;
// what it imports from elsewhere (pure helpers such as headingTag) stays bundled. esbuild does
// not check that index.cjs exports the names asked for: test/cjs-shared-context.test.ts does.
const src = resolve('src');
const mainEntryModules = new Set(
  [...readFileSync(join(src, 'index.ts'), 'utf8').matchAll(/^export\s+\{[^}]*\}\s+from\s+'(\.[^']+)'/gm)].map((m) => join(src, m[1]!)),
);
const connectedUsesMainEntryCjs: Plugin = {
  name: 'connected-uses-main-entry-cjs',
  setup(build) {
    if (build.initialOptions.format !== 'cjs') return;
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(join(src, 'connected') + sep)) return undefined;
      // dist/connected.cjs sits next to dist/index.cjs.
      return mainEntryModules.has(resolve(dirname(args.importer), args.path)) ? { path: './index.cjs', external: true } : undefined;
    });
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
  esbuildPlugins: [oneJsxRuntimeImport, connectedUsesMainEntryCjs],
  // Every component uses context, state or effects: both entries (and their shared chunk) are
  // client modules, so a Server Component can render them (Next.js makes the entry a client
  // boundary) instead of failing with "createContext only works in Client Components".
  banner: { js: '"use client";' },
  // The stylesheet is plain CSS on custom properties: shipped as is, never bundled into JS.
  onSuccess: async () => {
    copyFileSync('src/styles.css', 'dist/styles.css');
  },
});
