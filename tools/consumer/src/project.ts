// A fresh project outside the workspace (no workspace root above it, no hoisted node_modules
// to lean on) with the two tarballs and their peers installed by pnpm.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tarball } from './pack.js';
import { pnpm, type RunResult } from './run.js';
import { consumerDependencies, workspaceRoot } from './workspace.js';

export interface ConsumerProject {
  dir: string;
  install: {
    /** `offline`: everything came from the pnpm store and its metadata cache. */
    mode: 'offline' | 'prefer-offline';
    ms: number;
    output: string;
  };
}

export function makeTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `unstuck-consumer-${label}-`));
}

export function removeTempDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** `others`: what the user installs next to the tarballs (default: every peer, TypeScript, types). */
export function createConsumerProject(tarballs: Tarball[], others: Record<string, string> = consumerDependencies()): ConsumerProject {
  const dir = makeTempDir('app');
  const dependencies: Record<string, string> = { ...others };
  for (const tarball of tarballs) dependencies[tarball.name] = `file:${tarball.path}`;
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer-app', private: true, type: 'module', dependencies }, null, 2),
  );
  // A user's project has no workspace settings: pnpm's defaults (autoInstallPeers true, peers
  // not strict) apply, and the peer warnings a user would see end up in the output we check.
  writeFileSync(join(dir, '.npmrc'), 'fund=false\nupdate-notifier=false\n');
  return { dir, install: installDependencies(dir) };
}

/**
 * `--offline` first: the workspace's own install filled the pnpm store with these exact versions,
 * so CI needs no registry. A machine without pnpm's metadata cache (a fresh CI runner that only
 * ran `pnpm install --frozen-lockfile`, which reads the lockfile instead) cannot resolve offline;
 * then `--prefer-offline` asks the registry for metadata only, and the tarballs still come from
 * the store. Both outputs are kept: the error of the first attempt explains a slow second one.
 */
function installDependencies(dir: string): ConsumerProject['install'] {
  // The workspace's store, wherever its settings put it: that is where the packages already are.
  const storeDir = pnpm(['store', 'path'], { cwd: workspaceRoot }).stdout.trim();
  const args = ['install', '--ignore-workspace', '--reporter=append-only', '--store-dir', storeDir];
  const offline = pnpm([...args, '--offline'], { cwd: dir, allowFailure: true });
  if (offline.status === 0) return { mode: 'offline', ms: offline.ms, output: combined(offline) };
  const online = pnpm([...args, '--prefer-offline'], { cwd: dir });
  return {
    mode: 'prefer-offline',
    ms: offline.ms + online.ms,
    output: `${combined(offline)}\n--- fell back to --prefer-offline ---\n${combined(online)}`,
  };
}

function combined(result: RunResult): string {
  return `${result.stdout}${result.stderr}`;
}

/** Copies fixture files into the project, where a user's own source would be. */
export function copyIntoProject(project: ConsumerProject, fromDir: string, toRelative: string): string {
  const target = join(project.dir, toRelative);
  cpSync(fromDir, target, { recursive: true });
  return target;
}
