import { defineConfig, type Options } from 'tsup';

/** esbuild's plugin type, taken from tsup (esbuild is its dependency, not ours). */
type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const shared = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  treeshake: true,
  target: 'es2022',
  external: ['react', '@tanstack/react-query', '@supabase/supabase-js'],
} satisfies Options;

/**
 * The main entry is built on its own (it needs the "use client" banner, which must not reach the
 * shared chunks the server entries load). So that it does not carry a second copy of core, its
 * imports of src/core and src/query point at the sibling entries core.js / query.js.
 */
const siblingEntries: Plugin = {
  name: 'sibling-entries',
  setup(build) {
    const ext = build.initialOptions.outExtension?.['.js'] ?? '.js';
    build.onResolve({ filter: /^\.\.\/(core|query)\// }, (args) => {
      if (!args.importer.includes('/src/react/')) return undefined;
      const entry = args.path.startsWith('../core/') ? 'core' : 'query';
      return { path: `./${entry}${ext}`, external: true };
    });
    build.onResolve({ filter: /^\.\/(core|query)\// }, (args) => {
      if (!args.importer.endsWith('/src/index.ts')) return undefined;
      return { path: `./${args.path.startsWith('./core/') ? 'core' : 'query'}${ext}`, external: true };
    });
  },
};

// Two builds run in parallel, so neither may `clean` (it could delete the other's output): the
// build script empties dist/ first.
export default defineConfig([
  {
    ...shared,
    entry: {
      core: 'src/core/index.ts',
      query: 'src/query/index.ts',
      supabase: 'src/sources/supabase/index.ts',
      http: 'src/sources/http/index.ts',
      server: 'src/server/index.ts',
      testing: 'src/testing/index.ts',
    },
  },
  {
    ...shared,
    entry: { index: 'src/index.ts' },
    banner: { js: '"use client";' },
    // Rollup's tree-shaking pass drops module-level directives; esbuild's own keeps the banner.
    treeshake: false,
    esbuildPlugins: [siblingEntries],
  },
]);
