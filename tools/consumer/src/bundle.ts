// Bundles a fixture entry with esbuild the way an app bundler would: resolving every import
// from the consumer project's node_modules (the installed tarballs, through their `exports`).
import { build, formatMessages, type Platform } from 'esbuild';
import { join } from 'node:path';

export interface Bundle {
  file: string;
  /** esbuild's warnings, formatted: a consumer should get none from our packages. */
  warnings: string[];
}

export async function bundle(projectDir: string, entry: string, platform: Platform, outfile: string): Promise<Bundle> {
  const browser = platform === 'browser';
  const result = await build({
    absWorkingDir: projectDir,
    entryPoints: [join(projectDir, entry)],
    outfile: join(projectDir, outfile),
    bundle: true,
    platform,
    format: browser ? 'iife' : 'esm',
    globalName: browser ? 'consumerApp' : undefined,
    jsx: 'automatic',
    // The server build leaves packages to Node (as Next.js does for server code), so Node's own
    // `exports` resolution of the installed tarballs is what runs.
    packages: browser ? undefined : 'external',
    define: browser ? { 'process.env.NODE_ENV': '"development"' } : undefined,
    logLevel: 'silent',
  });
  const warnings = await formatMessages(result.warnings, { kind: 'warning' });
  return { file: join(projectDir, outfile), warnings };
}
