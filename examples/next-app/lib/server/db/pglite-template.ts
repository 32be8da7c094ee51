import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractHash } from './schema';

/*
 * A fresh PGlite folder costs an initdb in WebAssembly (7-12 s on two busy cores) before the
 * migrations can even start. A template is that work done once: a gzipped dump of a database
 * with the shim and every migration applied, named by the hash of the SQL, so a changed
 * migration simply means a new template. `pnpm build` (and the e2e setup) writes it; a fresh
 * folder is then unpacked from it in ~3 s. Without a template the app initdb's as before.
 */

/** Where templates live: `.data/templates` of the app (git-ignored); `UNSTUCK_TEMPLATE_DIR` moves it. */
export function templateDir(): string {
  return process.env.UNSTUCK_TEMPLATE_DIR ?? join(/* turbopackIgnore: true */ process.cwd(), '.data', 'templates');
}

/** The template file for the SQL that would be applied now. */
export function templatePath(dir = templateDir()): string {
  return join(/* turbopackIgnore: true */ dir, `pglite-${contractHash()}.tar.gz`);
}

/** The current template as a Blob for `PGlite.create({ loadDataDir })`, or null when none exists. */
export function readTemplate(): Blob | null {
  const path = templatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : null;
}

/** Writes a template atomically (rename), so a concurrent start never reads half a file. */
export async function writeTemplate(dump: Blob, path = templatePath()): Promise<string> {
  mkdirSync(join(path, '..'), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
  return path;
}
