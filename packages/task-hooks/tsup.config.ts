import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    core: 'src/core/index.ts',
    supabase: 'src/sources/supabase/index.ts',
    http: 'src/sources/http/index.ts',
    server: 'src/server/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  treeshake: true,
  target: 'es2022',
  external: ['react', '@tanstack/react-query', '@supabase/supabase-js'],
});
