import type { NextConfig } from 'next';

const config: NextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  // Types are checked by `pnpm typecheck` (tsc); skipping them here keeps `pnpm demo` quick on two cores.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
};

export default config;
