import type { NextConfig } from 'next';

const config: NextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at run time.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  // Types are checked by `pnpm typecheck` (tsc); skipping them here keeps `pnpm demo` quick on two cores.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  // `next dev` would otherwise write AGENTS.md (and upgrade notes) into this folder: an untracked
  // file in the repository after a first `pnpm dev`.
  agentRules: false,
  experimental: { agentUpgrade: false },
};

export default config;
