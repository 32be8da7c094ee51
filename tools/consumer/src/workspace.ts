// Where the published packages live in the workspace, and the versions the workspace tests them
// with (so the consumer project asks the store for exactly what it already holds).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));

export const publishedPackages = [
  { name: '@unstuck/task-hooks', dir: join(workspaceRoot, 'packages/task-hooks') },
  { name: '@unstuck/task-ui', dir: join(workspaceRoot, 'packages/task-ui') },
] as const;

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The packages must be built first; packing an empty dist would test nothing. */
export function assertBuilt(): void {
  for (const pkg of publishedPackages) {
    if (!existsSync(join(pkg.dir, 'dist/index.js'))) {
      throw new Error(`${pkg.name} has no dist/: run \`pnpm build\` (or \`pnpm --filter ${pkg.name} build\`) first`);
    }
  }
}

/**
 * What a user installs next to the two tarballs: the peers (react 19, react-dom 19, TanStack Query
 * 5, supabase-js 2), TypeScript with React's types, and Testing Library for the README's testing
 * recipe. Versions are the ones task-hooks is developed against, so they are in the pnpm store.
 */
export function consumerDependencies(): Record<string, string> {
  const hooks = readManifest(publishedPackages[0].dir).devDependencies ?? {};
  const root = readManifest(workspaceRoot).devDependencies ?? {};
  const pick = (name: string, from: Record<string, string>): string => {
    const version = from[name];
    if (!version) throw new Error(`no version of ${name} in the workspace manifests`);
    return version;
  };
  // The peers also allow React 18; UNSTUCK_CONSUMER_REACT=18 installs that instead (from the
  // registry: the workspace's store holds React 19 only), to check the claim by hand.
  if (process.env.UNSTUCK_CONSUMER_REACT === '18') {
    return { ...consumerDependencies19(hooks, root, pick), react: '^18.3.1', 'react-dom': '^18.3.1', '@types/react': '^18.3.0', '@types/react-dom': '^18.3.0' };
  }
  return consumerDependencies19(hooks, root, pick);
}

function consumerDependencies19(
  hooks: Record<string, string>,
  root: Record<string, string>,
  pick: (name: string, from: Record<string, string>) => string,
): Record<string, string> {
  return {
    react: pick('react', hooks),
    'react-dom': pick('react-dom', hooks),
    '@tanstack/react-query': pick('@tanstack/react-query', hooks),
    '@supabase/supabase-js': pick('@supabase/supabase-js', hooks),
    '@types/react': pick('@types/react', hooks),
    '@types/react-dom': pick('@types/react-dom', hooks),
    '@testing-library/react': pick('@testing-library/react', hooks),
    typescript: pick('typescript', root),
  };
}
