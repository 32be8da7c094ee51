#!/usr/bin/env node
// `pnpm demo:reset`: deletes the demo's embedded database (PGlite data folder). The next start
// creates a fresh one, applies the migrations and seeds the demo task types again.
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const dataDir = process.env.UNSTUCK_DATA_DIR ?? join(appDir, '.data', 'pglite');

if (!existsSync(dataDir)) {
  console.log(`Nothing to reset: ${dataDir} does not exist.`);
} else {
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`Deleted ${dataDir}. Restart the demo to begin with an empty database (a demo still running keeps the old files open).`);
}
