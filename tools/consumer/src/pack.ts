// `pnpm pack`, as `pnpm publish` would: the tarball is what users get, so the test installs
// that and never the workspace folders (files missing from `files`, or `workspace:` ranges left
// in the manifest, only show up this way).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pnpm } from './run.js';
import { assertBuilt, publishedPackages } from './workspace.js';

export interface Tarball {
  name: string;
  path: string;
}

export function packPublishedPackages(destination: string): Tarball[] {
  assertBuilt();
  return publishedPackages.map((pkg) => {
    const before = new Set(readdirSync(destination));
    pnpm(['pack', '--pack-destination', destination], { cwd: pkg.dir });
    const created = readdirSync(destination).filter((file) => file.endsWith('.tgz') && !before.has(file));
    if (created.length !== 1) throw new Error(`pnpm pack of ${pkg.name} made ${created.length} tarballs in ${destination}`);
    return { name: pkg.name, path: join(destination, created[0]!) };
  });
}
