// `pnpm --filter @unstuck/example-next-app template` (run by `build` and the e2e setup): writes the
// migrated PGlite template a fresh data folder is unpacked from (lib/server/db/pglite-template.ts),
// unless the one for the current SQL already exists.
import { existsSync } from 'node:fs';
import { openPGliteDatabase } from '../lib/server/db/pglite';
import { templatePath, writeTemplate } from '../lib/server/db/pglite-template';
import { ensureSchema } from '../lib/server/db/schema';

const path = templatePath();
if (existsSync(path)) {
  console.log(`PGlite template up to date: ${path}`);
} else {
  const started = Date.now();
  const db = await openPGliteDatabase('memory://', { useTemplate: false });
  await ensureSchema(db);
  await writeTemplate(await db.dump(), path);
  await db.close();
  console.log(`PGlite template written in ${((Date.now() - started) / 1000).toFixed(1)} s: ${path}`);
}
